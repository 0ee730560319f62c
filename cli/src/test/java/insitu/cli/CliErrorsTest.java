package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorsTest {
  @TempDir Path tmp;

  private static void assertOneLineError(CliRun r, int code, String... mentions) {
    assertEquals(code, r.exit(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    for (String m : mentions) assertTrue(r.err().contains(m), "stderr mentions " + m + ": " + r.err());
  }

  @Test
  void unknownModelExits2AndListsValidOnes() {
    assertOneLineError(CliRun.of("train", "--model", "resnet", "--epochs", "0"), 2, "resnet", "paper-cnn");
  }

  @Test
  void unknownDataSetExits2AndListsValidOnes() {
    assertOneLineError(CliRun.of("train", "--data", "cifar", "--epochs", "0"), 2, "cifar", "mnist8", "idx:DIR");
  }

  @Test
  void unknownBoardExits2AndListsValidOnes() {
    assertOneLineError(CliRun.of("train", "--board", "fpga:0", "--epochs", "0"), 2, "fpga", "sim:ideal");
    assertOneLineError(CliRun.of("board", "info", "--board", "sim:nope"), 2, "nope", "paper");
  }

  @Test
  void unknownBoardActionExits2AndListsValidOnes() {
    CliRun r = CliRun.of("board", "bogus");
    assertOneLineError(r, 2, "unknown board action 'bogus'; valid: info, selftest, conformance, emulate");
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertOneLineError(CliRun.of("board", "emulate", "--port", "/dev/null", "--device", "memristive"), 2, "memristive", "paper, ideal, realistic");
  }

  @Test
  void unknownOptionValueExits2() {
    assertOneLineError(CliRun.of("train", "--update", "magic", "--epochs", "0"), 2, "magic", "paper");
    assertOneLineError(CliRun.of("train", "--frobnicate"), 2, "frobnicate");
    // attach is the SDK's (a deployed model on a board that already holds it); a run programs its own weights
    assertOneLineError(CliRun.of("train", "--init", "attach", "--epochs", "0"), 2, "attach", "paper, weights");
  }

  @Test
  void missingDataFileExits3WithOneLine() {
    Path x = tmp.resolve("x.npy");
    assertOneLineError(CliRun.of("train", "--data", "npy:" + x + "," + tmp.resolve("y.npy"), "--epochs", "0"), 3, "x.npy");
  }

  @Test
  void malformedDataFileExits3() throws Exception {
    Path x = tmp.resolve("x.npy"), y = tmp.resolve("y.npy");
    Files.writeString(x, "this is not numpy");
    Files.writeString(y, "nor this");
    assertOneLineError(CliRun.of("train", "--data", "npy:" + x + "," + y, "--epochs", "0"), 3, "x.npy");
  }

  /** Off the Pi, gpio=raspberrypi says in one line what is missing and what to use instead. */
  @Test
  void raspberryPiGpioOffThePiExits4WithOneLine() {
    org.junit.jupiter.api.Assumptions.assumeTrue(insitu.boards.gpio.GpioChips.system().list().isEmpty(), "this machine has GPIO chips");
    CliRun r = CliRun.of("board", "info", "--board", "serial:/dev/null?gpio=raspberrypi&reset=17&power=27&ready=22&chip=gpiochip0");
    assertOneLineError(r, 4, "no GPIO chip", "gpio=mock");
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void boardInfoPrintsTheSpecAsJson() {
    CliRun r = CliRun.of("board", "info", "--board", "sim:paper?arrays=3", "--json");
    assertEquals(0, r.exit(), r.err());
    var m = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals(3, m.get("arrays").getAsInt());
    assertEquals(128, m.get("rows").getAsInt());
  }
}
