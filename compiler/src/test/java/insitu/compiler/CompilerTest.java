package insitu.compiler;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.BoardSpecFile;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.GraphPrinter;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.StuckDevices;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetCalibration;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerTest {
  static final Compiler COMPILER = Compiler.standard().validating();
  @TempDir Path dir;

  private static Graph lowered(OnnxModelBuilder m) {
    return COMPILER.load(new ModelSource.Onnx(m.build(), "m.onnx"));
  }

  @Test void builtInModelsComeOutOfThePassesAsTheyWereBuilt() {
    for (BuiltInModel m : BuiltInModel.values()) {
      Graph built = m.build(3);
      assertEquals(built, COMPILER.load(ModelSource.graph(built)), m.id());
      Graph named = COMPILER.load(ModelSource.builtIn(m, 3));
      assertEquals(GraphPrinter.print(built), GraphPrinter.print(named), m.id());
      assertEquals(built.initializers(), named.initializers(), m.id());
    }
  }

  @Test void compilingIsImportPassesAndMappingAndTheArtifactRecordsTheTarget() {
    BoardSpec spec = BoardOpener.spec("sim:paper?arrays=2&badRows=0:4");
    Compilation c = COMPILER.compile(ModelSource.builtIn(BuiltInModel.PAPER_CNN, 1), Target.of(spec));
    assertEquals(CrossbarMapper.map(c.graph(), spec, MappingOptions.defaults()).toString(), c.placement().toString());
    assertArrayEquals(new int[] {-1, 10}, c.shapes().of("fc_out").orElseThrow());
    Path out = dir.resolve("m.xbar");
    COMPILER.writeArtifact(c, out, null);
    Artifact a = ArtifactReader.read(out);
    assertEquals(spec, a.manifest().target());
    assertEquals(c.graph().nodes().stream().map(Node::name).toList(), a.graph().nodes().stream().map(Node::name).toList());
  }

  @Test void aCalibratedArtifactListsTheStuckCellsItWasPlacedAround() {
    BoardSpec spec = BoardOpener.spec("sim:paper");
    StuckDevices stuck = new StuckDevices(Map.of(DefectMap.cellKey(0, 3, 4), 1e-6), 1e-6, 40e-6);
    Target t = Target.of(spec).calibrated(new TargetCalibration("sim:paper", 17e-6, 1, stuck, DefectMap.none().withBadRow(0, 9), 2));
    assertTrue(t.artifactSpec().defects().isBadCell(0, 3, 4));
    assertTrue(t.artifactSpec().defects().isBadRow(0, 9));
    assertTrue(!t.placementSpec().defects().isBadCell(0, 3, 4) && t.placementSpec().defects().isBadRow(0, 9));
    TargetCalibration elsewhere = new TargetCalibration("big", 17e-6, 1,
        new StuckDevices(Map.of(DefectMap.cellKey(3, 0, 0), 1e-6), 1e-6, 40e-6), DefectMap.none(), 2);
    String msg = assertThrows(IllegalArgumentException.class, () -> Target.of(spec).calibrated(elsewhere)).getMessage();
    assertTrue(msg.contains("outside the board's 1x128x64 arrays"), msg);
  }

  @Test void aConvWithoutBiasBeforeABatchNormCompiles() {
    float[] ones = {1, 1}, zeros = {0, 0};
    Graph g = lowered(new OnnxModelBuilder("conv_bn").input("x", OnnxDataType.FLOAT, -1, 1, 4, 4).output("y")
        .floats("W", new long[] {2, 1, 3, 3}, new float[18]).floats("g", new long[] {2}, ones).floats("b", new long[] {2}, 0.5f, -0.5f)
        .floats("m", new long[] {2}, zeros).floats("v", new long[] {2}, ones)
        .node("Conv", "/conv", List.of("x", "W"), List.of("c"))
        .node("BatchNormalization", "/bn", List.of("c", "g", "b", "m", "v"), List.of("n"))
        .node("Relu", "/relu", List.of("n"), List.of("y")));
    Node conv = g.nodes().get(0);
    assertTrue(conv.op() instanceof Op.Conv && conv.inputs().size() == 3, g.dump());
    assertEquals(2, g.nodes().size(), g.dump());
  }

  @Test void aDropoutThatDeclaresItsMaskCompilesToAnIdentity() {
    Graph g = lowered(new OnnxModelBuilder("dropout").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .node("Dropout", "/drop", List.of("x"), List.of("y", "mask")));
    assertEquals(1, g.nodes().size(), g.dump());
    Node n = g.nodes().get(0);
    assertEquals(List.of(new Op.Identity(), List.of("x"), List.of("y")), List.of(n.op(), n.inputs(), n.outputs()));
  }

  @Test void aDropoutWhoseMaskIsReadGivesOnes() {
    Graph g = lowered(new OnnxModelBuilder("dropout").input("x", OnnxDataType.FLOAT, -1, 4).output("y").output("m")
        .node("Dropout", "/drop", List.of("x"), List.of("y", "mask"))
        .node("Mul", "/use_mask", List.of("y", "mask"), List.of("m")));
    assertEquals(List.of("Mul", "Add", "Identity", "Mul"), g.nodes().stream().map(n -> n.op().type()).toList(), g.dump());
  }

  @Test void aDropoutInTrainingModeIsRefusedNamingIt() {
    String msg = assertThrows(insitu.errors.BadInputException.class, () -> lowered(new OnnxModelBuilder("dropout")
        .input("x", OnnxDataType.FLOAT, -1, 4).output("y").floats("r", new long[0], 0.5f).longs("t", new long[0], 1)
        .node("Dropout", "/drop", List.of("x", "r", "t"), List.of("y")))).getMessage();
    assertTrue(msg.contains("node '/drop' (Dropout): training_mode is true"), msg);
  }

  @Test void aSimulatedTargetsSpecComesFromItsStringAsTheBoardWouldGiveIt() throws Exception {
    for (String s : List.of("sim", "sim:ideal?arrays=3", "sim:realistic?adcBits=10&rows=32&cols=16", "sim:paper?badRows=0:3;1:5&badCols=0:1&arrays=2")) {
      try (Board b = BoardOpener.open(s, 1)) {
        assertEquals(b.spec(), BoardOpener.spec(s), s);
      }
    }
    // 2^34 cells: a board that size could never be allocated, its spec costs nothing.
    assertEquals(1024, BoardOpener.spec("sim:paper?arrays=1024&rows=4096&cols=4096").arrays());
  }

  @Test void aRealBoardsSpecComesFromAFileNeverFromTheBoard() {
    String msg = assertThrows(IllegalArgumentException.class, () -> BoardOpener.spec("serial:/dev/ttyNOPE")).getMessage();
    assertTrue(msg.contains("'insitu board info --board serial:/dev/ttyNOPE --out board.json'"), msg);
  }

  @Test void aBoardSpecFileRoundTripsAndABadOneIsNamed() throws IOException {
    BoardSpec spec = BoardOpener.spec("sim:realistic?adcBits=10&arrays=2&badRows=1:3&badCols=0:7").withDefects(
        DefectMap.none().withBadRow(1, 3).withBadCol(0, 7).withBadCell(0, 2, 2));
    Path f = dir.resolve("board.json");
    BoardSpecFile.write(spec, f);
    assertEquals(spec, BoardSpecFile.read(f));
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"format\": \"something-else\"}");
    String msg = assertThrows(BadInputException.class, () -> BoardSpecFile.read(junk)).getMessage();
    assertTrue(msg.startsWith(junk + ": not a board spec"), msg);
    msg = assertThrows(BadInputException.class, () -> BoardSpecFile.read(dir.resolve("missing.json"))).getMessage();
    assertTrue(msg.contains("no such file"), msg);
  }
}
