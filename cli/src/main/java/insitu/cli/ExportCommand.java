package insitu.cli;

import insitu.compiler.export.OnnxExporter;
import insitu.sdk.job.ExportJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code insitu export}: a .xbar artifact (compiled, or trained in situ) as a standard ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a .xbar model as a standard ONNX file (float32 weights, dynamic batch) that ONNX Runtime or PyTorch can run.",
        "A model trained in situ exports the weights read back from its board; metadata_props carry the input range and provenance."})
public final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "MODEL.xbar", description = "a compiled model ('insitu compile') or a trained one (<out>/model.xbar of 'insitu train')")
  Path model;

  @Option(names = "--onnx", required = true, paramLabel = "OUT.onnx", description = "the ONNX file to write") Path onnx;

  @Option(names = "--opset", defaultValue = "" + OnnxExporter.DEFAULT_OPSET, paramLabel = "N",
      description = "opset of the default ONNX domain, " + OnnxExporter.MIN_OPSET + " to " + OnnxExporter.MAX_OPSET + " (default: ${DEFAULT-VALUE})")
  int opset;

  @Override public Integer call() {
    ExportJob.Report r = ExportJob.run(new ExportJob.Request(model, onnx, opset));
    Runner.print(r, common, String.format("exported %s: %d nodes, %d crossbar weights, opset %d -> %s (%d bytes)", model, r.nodes(),
        r.weights(), opset, onnx, r.bytes()));
    return 0;
  }
}
