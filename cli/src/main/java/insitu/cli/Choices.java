package insitu.cli;

import insitu.errors.UsageException;
import insitu.fleet.control.Aggregation;
import insitu.runtime.Choice;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.OptimizerKind;
import insitu.sdk.job.Keep;
import insitu.sdk.job.ProgramMode;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's words for closed choices, turned into their enums here, at the edge: jobs
 * and the runtime never see the strings.
 */
final class Choices {
  private Choices() {}

  /** Converts a word to the constant it names ({@link Choice#label()}); lists the valid words otherwise. */
  abstract static class ByLabel<E extends Choice> implements ITypeConverter<E>, Iterable<String> {
    private final String what;
    private final E[] values;

    ByLabel(String what, E[] values) {
      this.what = what;
      this.values = values;
    }

    @Override public E convert(String word) {
      try {
        return Choice.of(values, word);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("unknown " + what + " '" + word + "'; valid: " + Choice.labels(values));
      }
    }

    /** The valid words, for picocli's completion candidates. */
    @Override public Iterator<String> iterator() {
      return Arrays.stream(values).map(Choice::label).iterator();
    }
  }

  static final class Optimizers extends ByLabel<OptimizerKind> {
    Optimizers() { super("optimizer", OptimizerKind.values()); }
  }

  static final class Updates extends ByLabel<UpdateChoice> {
    Updates() { super("update rule", UpdateChoice.values()); }
  }

  static final class Initializations extends ByLabel<Initialization> {
    // Attaching to weights already on a board is for deployed models (SDK, fleet), not for a run that programs its own.
    Initializations() {
      super("initialization", Arrays.stream(Initialization.values()).filter(i -> i != Initialization.ATTACH).toArray(Initialization[]::new));
    }
  }

  static final class ProgramModes extends ByLabel<ProgramMode> {
    ProgramModes() { super("programming mode", ProgramMode.values()); }
  }

  static final class Keeps extends ByLabel<Keep> {
    Keeps() { super("--keep choice", Keep.values()); }
  }

  static final class BoardActions extends ByLabel<BoardCommand.Action> {
    BoardActions() { super("board action", BoardCommand.Action.values()); }
  }

  static final class EmulatedDevices extends ByLabel<BoardCommand.EmulatedDevice> {
    EmulatedDevices() { super("device model", BoardCommand.EmulatedDevice.values()); }
  }

  /** A fleet round's aggregation, by its word or an alias ({@link Aggregation#parse}). */
  static final class Aggregations implements ITypeConverter<Aggregation> {
    @Override public Aggregation convert(String word) {
      try {
        return Aggregation.parse(word);
      } catch (UsageException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
