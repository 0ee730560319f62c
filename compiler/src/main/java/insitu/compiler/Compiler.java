package insitu.compiler;

import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Target;
import insitu.compiler.onnx.OnnxImporter;
import insitu.compiler.onnx.OnnxModel;
import insitu.compiler.onnx.OnnxReader;
import insitu.compiler.pass.CompileUnit;
import insitu.compiler.pass.EvaluateConstants;
import insitu.compiler.pass.FoldBatchNorm;
import insitu.compiler.pass.InferShapes;
import insitu.compiler.pass.MapToTiles;
import insitu.compiler.pass.PassPipeline;
import insitu.compiler.pass.PlaceAroundStuckCells;
import insitu.compiler.pass.PruneUnused;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * The compiler in one place: import a model into the IR, run the graph passes (evaluate constants,
 * prune, fold BatchNorm, infer shapes), map the lowered graph onto a {@link Target} (tiles, then
 * rows and columns placed around stuck cells), write the {@code .xbar} artifact. Compiling never
 * opens a board: a target is a board's spec and, optionally, its calibration.
 *
 * <pre>{@code
 * Compiler compiler = Compiler.standard();
 * Compilation c = compiler.compile(ModelSource.onnx(Path.of("model.onnx")), Target.of(BoardOpener.spec("sim:paper?arrays=8")));
 * compiler.writeArtifact(c, Path.of("model.xbar"), null);
 * }</pre>
 */
public final class Compiler {
  private final MappingOptions mappingOptions;
  private final boolean validate;

  private Compiler(MappingOptions mappingOptions, boolean validate) {
    this.mappingOptions = mappingOptions;
    this.validate = validate;
  }

  /**
   * The default passes; on targets without a calibration, the paper's 100 µS per unit weight, and a
   * smaller scale of its own for a block whose weights would leave the conductance window there
   * (BatchNorm folding makes such weights: {@link MappingOptions#autoScale()}), as a calibration's
   * mapping does.
   */
  public static Compiler standard() {
    return new Compiler(MappingOptions.autoScale(), false);
  }

  /** The same compiler checking the IR after every pass (tests; a broken pass is named with a dump). */
  public Compiler validating() {
    return new Compiler(mappingOptions, true);
  }

  /** The same compiler mapping uncalibrated targets with these options (a calibration brings its own). */
  public Compiler withMappingOptions(MappingOptions options) {
    return new Compiler(options, validate);
  }

  /** Lowering: every constant folded, dead code pruned, BatchNorm folded, shapes inferred. */
  public PassPipeline graphPasses() {
    PassPipeline p = PassPipeline.of(new EvaluateConstants(), new PruneUnused(), new FoldBatchNorm(), new PruneUnused(), new InferShapes());
    return validate ? p.validating() : p;
  }

  /** Mapping: weights onto tiles, then rows and columns around known stuck cells. */
  public PassPipeline mappingPasses() {
    PassPipeline p = PassPipeline.of(new MapToTiles(mappingOptions), new PlaceAroundStuckCells());
    return validate ? p.validating() : p;
  }

  /** The model as imported, before any pass. */
  public CompileUnit importModel(ModelSource source) {
    if (source instanceof ModelSource.OnnxFile f) return CompileUnit.imported(f.name(), OnnxImporter.importGraph(f.path()));
    if (source instanceof ModelSource.OnnxBytes b) return CompileUnit.imported(b.name(), OnnxImporter.importGraph(OnnxReader.read(b.bytes(), b.name()), b.name()));
    if (source instanceof ModelSource.Onnx o) return CompileUnit.imported(o.name(), OnnxImporter.importGraph(o.model(), o.name()));
    if (source instanceof ModelSource.BuiltIn b) return CompileUnit.lowered(b.name(), b.model().build(b.seed()));
    return CompileUnit.lowered(source.name(), ((ModelSource.Built) source).graph());
  }

  /** The model imported and lowered, with every value's shape. */
  public CompileUnit lower(ModelSource source) {
    return graphPasses().run(importModel(source));
  }

  /** The lowered graph of a model: what the runtime runs. */
  public Graph load(ModelSource source) {
    return lower(source).graph();
  }

  /** Where a lowered graph's weights go on a target. */
  public Mapping map(Graph graph, Target target) {
    return mappingPasses().run(CompileUnit.lowered(graph.name(), graph).onTarget(target)).mapping();
  }

  /**
   * Import, lower and map. The model is first checked against the heap ({@link HeapEstimate}): an
   * ONNX file too big for this JVM is refused in one line before anything is decoded.
   */
  public Compilation compile(ModelSource source, Target target) {
    CompileUnit imported;
    if (source instanceof ModelSource.OnnxFile f) {
      OnnxModel model = OnnxReader.read(f.path());
      HeapEstimate.of(model, target.spec()).require(f.name(), Runtime.getRuntime().maxMemory(), target.spec());
      imported = CompileUnit.imported(f.name(), OnnxImporter.importGraph(model, f.name()));
    } else {
      imported = importModel(source);
      HeapEstimate.of(imported.graph(), target.spec()).require(source.name(), Runtime.getRuntime().maxMemory(), target.spec());
    }
    CompileUnit lowered = graphPasses().run(imported);
    CompileUnit mapped = mappingPasses().run(lowered.onTarget(target));
    return new Compilation(source, mapped.graph(), lowered.shapes(), target, mapped.mapping());
  }

  /**
   * Writes the artifact: graph, placement, and the target it was made for (with every defect the
   * placement went around). Signed with {@code signingKey} (Ed25519) unless it is null. Written to
   * a temporary file and renamed, so a failure leaves {@code out} as it was.
   */
  public void writeArtifact(Compilation c, Path out, PrivateKey signingKey) {
    writeArtifact(c, out, signingKey, ModelNotes.NONE);
  }

  /** The same, with what the artifact says about its model: input range and metadata ({@link ModelNotes}). */
  public void writeArtifact(Compilation c, Path out, PrivateKey signingKey, ModelNotes notes) {
    ArtifactWriter.writeForSource(c.graph(), c.placement(), c.target().artifactSpec(), c.source().sha256(), out, signingKey, notes);
  }
}
