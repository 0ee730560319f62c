package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tool builds only the command it is asked for, and all of them when asked for none or an unknown one. */
class CommandTreeTest {
  private static final List<String> ALL = List.of("demo", "train", "finetune", "eval", "compile", "export", "models", "board", "serve", "fleet");

  private static List<String> commands(String... args) {
    return List.copyOf(Main.commandLine(args).getSubcommands().keySet());
  }

  @Test
  void aNamedCommandIsTheOnlyOneBuilt() {
    assertEquals(List.of("demo"), commands("demo", "--seed", "3"));
    assertEquals(List.of("fleet"), commands("--debug", "fleet", "status"));
    assertEquals(List.of("train"), commands("train", "demo"));
  }

  @Test
  void noCommandOrAnUnknownOneBuildsThemAllInHelpOrder() {
    assertEquals(ALL, commands());
    assertEquals(ALL, commands("--help"));
    assertEquals(ALL, commands("trian", "--epochs", "1"));
  }

  @Test
  void aMistypedCommandStillGetsPicocliSuggestions() {
    CliRun r = CliRun.of("trian");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("trian"), r.err());
    assertTrue(r.err().contains("did you mean train"), "suggests the command meant: " + r.err());
    assertTrue(r.err().contains("(see 'insitu --help')"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
