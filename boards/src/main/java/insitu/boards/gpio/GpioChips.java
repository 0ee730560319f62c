package insitu.boards.gpio;

import insitu.errors.BoardException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The GPIO chips of this machine ({@code /dev/gpiochipN}) with their labels, and the chip a spec's
 * {@code chip=} names. Pi4J 2.8 (the last line that runs on Java 17) cannot be told a chip: it
 * drives the first chip, in name order, whose label contains {@code pinctrl} (the header's chip:
 * {@code pinctrl-bcm2711} on a Pi 4, {@code pinctrl-rp1} on a Pi 5, gpiochip0 or gpiochip4
 * depending on the kernel). So this class checks, before Pi4J starts, that such a chip exists and
 * is the one the spec names, and says in one line what is missing otherwise.
 */
public final class GpioChips {
  private static final String HEADER_LABEL = "pinctrl";
  private static final String ADVICE = "gpio=raspberrypi drives the GPIO header of the Raspberry Pi the board is wired to;"
      + " off the Pi use gpio=mock, or gpio=none for a board without control lines";

  /** A chip: its device name and, where the kernel shows it in sysfs, its label. */
  public record Chip(String name, Optional<String> label) {
    @Override public String toString() {
      return name + label.map(l -> " [" + l + "]").orElse("");
    }
  }

  private final Path root;

  private GpioChips(Path root) {
    this.root = root;
  }

  /** This machine's chips. */
  public static GpioChips system() {
    return new GpioChips(Path.of("/"));
  }

  /** The chips of a file tree laid out like {@code /} (dev/, sys/): for tests. */
  public static GpioChips under(Path root) {
    return new GpioChips(root);
  }

  /** Every {@code /dev/gpiochipN}, in the name order libgpiod walks them. */
  public List<Chip> list() {
    List<Chip> chips = new ArrayList<>();
    try (DirectoryStream<Path> dev = Files.newDirectoryStream(root.resolve("dev"), "gpiochip*")) {
      for (Path p : dev) {
        String name = p.getFileName().toString();
        chips.add(new Chip(name, label(name)));
      }
    } catch (IOException e) {
      return List.of();
    }
    chips.sort(Comparator.comparing(Chip::name));
    return chips;
  }

  /**
   * The chip Pi4J will drive, checked against {@code chip} ({@code auto}, a name or a label).
   *
   * @throws BoardException (one line: what is missing, what to use instead) when there is none
   */
  public Chip locate(String chip) {
    List<Chip> chips = list();
    if (chips.isEmpty())
      throw new BoardException("no GPIO chip on this machine (no /dev/gpiochip*); " + ADVICE);
    boolean labelsKnown = chips.stream().allMatch(c -> c.label().isPresent());
    Optional<Chip> header = chips.stream().filter(c -> c.label().map(l -> l.contains(HEADER_LABEL)).orElse(false)).findFirst();
    if (labelsKnown && header.isEmpty())
      throw new BoardException("no Raspberry Pi GPIO header chip (label pinctrl-*) among " + describe(chips) + "; " + ADVICE);
    if (chip.equals("auto")) return header.orElse(chips.get(0));
    String wanted = chip.startsWith("/dev/") ? chip.substring("/dev/".length()) : chip;
    Optional<Chip> named = chips.stream().filter(c -> c.name().equals(wanted) || c.label().map(wanted::equals).orElse(false)).findFirst();
    if (named.isEmpty())
      throw new BoardException("no GPIO chip '" + chip + "' on this machine; it has " + describe(chips) + " (chip=auto finds the header's chip)");
    if (header.isPresent() && !header.get().equals(named.get()))
      throw new BoardException("chip=" + chip + " is " + named.get() + ", but the GPIO header's chip here is " + header.get()
          + "; use chip=" + header.get().name() + " or chip=auto");
    return named.get();
  }

  private static String describe(List<Chip> chips) {
    return chips.stream().map(Chip::toString).collect(Collectors.joining(", "));
  }

  /**
   * A chip's label. The character device's sysfs node has none, but the chip's parent device holds
   * the legacy sysfs view, {@code gpio/gpiochipBASE/label}, wherever the kernel keeps it (Raspberry
   * Pi OS does).
   */
  private Optional<String> label(String name) {
    Path node = root.resolve("sys/bus/gpio/devices").resolve(name);
    try {
      Path parent = node.toRealPath().getParent();
      if (parent == null || !Files.isDirectory(parent.resolve("gpio"))) return Optional.empty();
      try (DirectoryStream<Path> legacy = Files.newDirectoryStream(parent.resolve("gpio"), "gpiochip*")) {
        for (Path p : legacy) {
          Path label = p.resolve("label");
          if (Files.isRegularFile(label)) return Optional.of(Files.readString(label).strip());
        }
      }
    } catch (IOException e) {
      // No sysfs view of this chip: its label stays unknown, and Pi4J has the last word.
    }
    return Optional.empty();
  }
}
