package insitu.boards.gpio;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BoardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chip lookup on file trees laid out as the kernels of a Pi 4, a Pi 5 (before and after 6.6.47) and a PC show them. */
class GpioChipsTest {
  @TempDir Path root;

  /** A chip: /dev/NAME, its sysfs node under its parent device, and (if labelled) the legacy view holding its label. */
  private void chip(String name, String parentDevice, int base, String label) throws IOException {
    Files.createDirectories(root.resolve("dev"));
    Files.createFile(root.resolve("dev").resolve(name));
    Path parent = Files.createDirectories(root.resolve("sys/devices/platform").resolve(parentDevice));
    Files.createDirectories(parent.resolve(name));
    Files.createDirectories(root.resolve("sys/bus/gpio/devices"));
    Files.createSymbolicLink(root.resolve("sys/bus/gpio/devices").resolve(name), parent.resolve(name));
    if (label != null) Files.writeString(Files.createDirectories(parent.resolve("gpio/gpiochip" + base)).resolve("label"), label + "\n");
  }

  private GpioChips chips() {
    return GpioChips.under(root);
  }

  @Test
  void aMachineWithoutGpioSaysSoInOneLineAndNamesTheAlternatives() {
    BoardException e = assertThrows(BoardException.class, () -> chips().locate("auto"));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().startsWith("no GPIO chip on this machine"), e.getMessage());
    assertTrue(e.getMessage().contains("gpio=mock") && e.getMessage().contains("gpio=none"), e.getMessage());
  }

  @Test
  void pi4FindsTheBcm2711Chip() throws IOException {
    chip("gpiochip0", "soc/fe200000.gpio", 512, "pinctrl-bcm2711");
    chip("gpiochip1", "soc/firmware/gpio", 570, "raspberrypi-exp-gpio");
    assertEquals(List.of(new GpioChips.Chip("gpiochip0", Optional.of("pinctrl-bcm2711")),
        new GpioChips.Chip("gpiochip1", Optional.of("raspberrypi-exp-gpio"))), chips().list());
    assertEquals("gpiochip0", chips().locate("auto").name());
    assertEquals("gpiochip0", chips().locate("gpiochip0").name());
    assertEquals("gpiochip0", chips().locate("/dev/gpiochip0").name());
    assertEquals("gpiochip0", chips().locate("pinctrl-bcm2711").name());
  }

  @Test
  void pi5BeforeKernel6647HasTheHeaderOnGpiochip4() throws IOException {
    for (int i = 0; i < 4; i++) chip("gpiochip" + i, "soc/107d50850" + i + ".gpio", 512 + 32 * i, "gpio-brcmstb@107d50850" + i);
    chip("gpiochip4", "axi/1f000d0000.gpio", 640, "pinctrl-rp1");
    assertEquals("gpiochip4", chips().locate("auto").name());
    assertEquals("gpiochip4", chips().locate("pinctrl-rp1").name());
    BoardException e = assertThrows(BoardException.class, () -> chips().locate("gpiochip0"));
    assertTrue(e.getMessage().contains("gpiochip4 [pinctrl-rp1]") && e.getMessage().contains("chip=auto"), e.getMessage());
  }

  @Test
  void pi5AfterKernel6647HasTheHeaderOnGpiochip0() throws IOException {
    chip("gpiochip0", "axi/1f000d0000.gpio", 571, "pinctrl-rp1");
    for (int i = 10; i < 14; i++) chip("gpiochip" + i, "soc/107d5085" + i + ".gpio", 512 + 8 * (i - 10), "gpio-brcmstb@107d5085" + i);
    assertEquals("gpiochip0", chips().locate("auto").name());
    assertEquals("gpiochip0", chips().locate("pinctrl-rp1").name());
    assertEquals("gpiochip0", chips().locate("gpiochip0").name());
  }

  @Test
  void aPcWithGpioButNoHeaderIsRefused() throws IOException {
    chip("gpiochip0", "INTC1055:00", 512, "INTC1055:00");
    BoardException e = assertThrows(BoardException.class, () -> chips().locate("auto"));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().contains("gpiochip0 [INTC1055:00]") && e.getMessage().contains("gpio=mock"), e.getMessage());
  }

  @Test
  void unlabelledChipsLeaveTheChoiceToPi4jButNamedOnesMustExist() throws IOException {
    chip("gpiochip0", "soc/fe200000.gpio", 0, null);
    assertEquals(new GpioChips.Chip("gpiochip0", Optional.empty()), chips().locate("auto"));
    BoardException e = assertThrows(BoardException.class, () -> chips().locate("gpiochip4"));
    assertTrue(e.getMessage().contains("no GPIO chip 'gpiochip4'") && e.getMessage().contains("gpiochip0"), e.getMessage());
  }
}
