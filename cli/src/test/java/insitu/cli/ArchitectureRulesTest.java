package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of docs/ARCHITECTURE.md hold on the whole source tree (this module's tests run in
 * {@code cli/}, so the repository root is its parent); and each check finds a violation planted in
 * a small tree of its own, so a check that silently matches nothing fails too.
 */
class ArchitectureRulesTest {
  private static final ArchitectureRules TREE = ArchitectureRules.of(repositoryRoot());

  private static Path repositoryRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(root.resolve("boards/src/main/java/insitu/boards/Board.java")),
        "run from a module directory of the repository: " + root);
    return root;
  }

  @Test
  void readsEveryModule() {
    assertTrue(TREE.files() > 400, "found only " + TREE.files() + " main source files");
  }

  @Test
  void noMainSourceFileIsOver450Lines() {
    assertEquals(List.of(), TREE.longFiles());
  }

  @Test
  void onlyBoardsNamesTheSimulatorOrTheSerialDriver() {
    assertEquals(List.of(), TREE.boardImplementationsNamedOutsideBoards());
  }

  @Test
  void nobodyOutsideBoardsCastsToABoardClass() {
    assertTrue(TREE.concreteBoards().containsAll(Set.of("SimulatedBoard", "SerialBoard")), "boards found: " + TREE.concreteBoards());
    assertEquals(List.of(), TREE.castsToConcreteBoards());
  }

  @Test
  void boardHasAtMostTwoMvmMethods() {
    List<String> mvm = TREE.mvmMethodsOfBoard();
    assertTrue(!mvm.isEmpty() && mvm.size() <= 2, "Board's mvm methods: " + mvm);
  }

  @Test
  void nothingButTheCommandLineNamesIt() {
    assertEquals(List.of(), TREE.cliNamedBelowCli());
    assertEquals(List.of(), TREE.picocliOutsidePrograms());
  }

  @Test
  void noStaticThreadsOrSharedPools() {
    assertEquals(List.of(), TREE.staticThreads());
  }

  @Test
  void librariesNeitherExitNorPrintStackTraces() {
    assertEquals(List.of(), TREE.exitsOutsidePrograms());
  }

  @Test
  void everyCheckFindsAPlantedViolation(@TempDir Path root) throws IOException {
    write(root, "boards", "insitu/boards/Board.java", """
        package insitu.boards;
        /** Not a declaration: mvmOld(Region r). */
        public interface Board {
          void mvm(Region r, RowDrive d, double[] out);
          boolean mvm(Region r, ColumnDrive d, double[][] out);
          default void mvmDifferential(Region r, double[] v, double[] out) { mvm(r, null, out); }
        }
        """);
    write(root, "boards", "insitu/boards/sim/SimulatedBoard.java",
        "package insitu.boards.sim;\npublic final class SimulatedBoard implements Board, VirtualClock {}\n");
    write(root, "sdk", "insitu/sdk/job/Leaky.java", """
        package insitu.sdk.job;
        import insitu.boards.sim.SimulatedBoard; // the simulator by name
        import insitu.cli.Main;
        /** insitu.boards.serial in a comment is fine. */
        final class Leaky {
          private static final java.util.concurrent.ExecutorService POOL = null;
          static final Thread T = new Thread(() -> {});
          static final int CHUNKS = insitu.numeric.parallel.Workers.CHUNKS;
          String s = "insitu.cli in a string is fine";
          void f(Object board) {
            double g = ((SimulatedBoard) board).nowSeconds();
            java.util.List.of(1).parallelStream().count();
            System.exit(1);
          }
        }
        """);
    StringBuilder big = new StringBuilder("package insitu.sdk;\nfinal class Big {\n");
    for (int i = 0; i < ArchitectureRules.MAX_LINES; i++) big.append("  int f").append(i).append(";\n");
    write(root, "sdk", "insitu/sdk/Big.java", big.append("}\n").toString());

    ArchitectureRules planted = ArchitectureRules.of(root);
    String leaky = Path.of("sdk/src/main/java/insitu/sdk/job/Leaky.java").toString();
    assertEquals(List.of(Path.of("sdk/src/main/java/insitu/sdk/Big.java") + ": 453 lines (at most 450)"), planted.longFiles());
    assertEquals(List.of(leaky + ":2: names insitu.boards.sim"), planted.boardImplementationsNamedOutsideBoards());
    assertEquals(Set.of("SimulatedBoard"), planted.concreteBoards());
    assertEquals(List.of(leaky + ":11: casts to a board class (ask board.capability(...) instead)"), planted.castsToConcreteBoards());
    assertEquals(List.of("mvm", "mvm", "mvmDifferential"), planted.mvmMethodsOfBoard());
    assertEquals(List.of(leaky + ":3: names insitu.cli"), planted.cliNamedBelowCli());
    assertEquals(List.of(leaky + ":6: a thread or pool in a static field", leaky + ":7: a thread or pool in a static field",
        leaky + ":7: a thread or pool made in a static initializer", leaky + ":12: the JVM's shared fork-join pool"), planted.staticThreads());
    assertEquals(List.of(leaky + ":13: ends the JVM or prints a stack trace in a library"), planted.exitsOutsidePrograms());
  }

  private static void write(Path root, String module, String file, String text) throws IOException {
    Path p = root.resolve(module).resolve("src/main/java").resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
