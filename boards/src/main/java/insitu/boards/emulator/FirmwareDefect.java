package insitu.boards.emulator;

import insitu.io.EnumCodes;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Deliberate firmware bugs the emulator can carry ({@code insitu board emulate --defect NAME}),
 * so that the conformance suite can be shown to catch each of them. A clean emulator has none.
 */
public enum FirmwareDefect {
  /** Executes a resent request again: no response cache and no journal check of PULSE slices. */
  NO_DEDUPE("executes a resent request again (no response cache, no journal check)"),
  /** Accepts frames whose CRC is wrong. */
  BAD_CRC("accepts frames whose CRC is wrong"),
  /** Answers a READ with the values of the previous READ of the same size. */
  STALE_READ("answers a READ with the previous READ's values"),
  /** The RESET line has no effect on the protocol state: same epoch, still armed, no BOOT event. */
  IGNORE_RESET("ignores the RESET line (same epoch, still armed, no BOOT event)"),
  /** Every answer comes {@link #SLOW_MILLIS} after its ACK, well past its own estimate plus the margin. */
  SLOW("answers each command " + FirmwareDefect.SLOW_MILLIS + " ms after its ACK"),
  /** Out-of-limit parameters are refused as BAD_LENGTH, without naming the parameter. */
  WRONG_NAK("refuses out-of-limit parameters with BAD_LENGTH instead of PARAM_OUT_OF_LIMITS"),
  /** MVM_PATCHES leaves out the last patch of every sample (its currents come back as zeros). */
  DROP_MVM_PATCHES("MVM_PATCHES answers zeros for the last patch of every sample"),
  /** Stops answering anything after {@link #HANG_AFTER_DEVICE_COMMANDS} device commands. */
  HANG("stops answering after " + FirmwareDefect.HANG_AFTER_DEVICE_COMMANDS + " device commands");

  /** Delay of {@link #SLOW}: beyond any estimate of this firmware plus the host's default 1 s margin. */
  public static final long SLOW_MILLIS = 1500;
  public static final long HANG_AFTER_DEVICE_COMMANDS = 40;

  private final String description;

  FirmwareDefect(String description) { this.description = description; }

  /** The name used on the command line and in board specs: the constant's name in kebab case, e.g. {@code no-dedupe}. */
  public String cliName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

  public String description() { return description; }

  /** The defect with this command-line name; IllegalArgumentException listing the valid ones otherwise. */
  public static FirmwareDefect parse(String name) {
    FirmwareDefect d = EnumCodes.find(values(), FirmwareDefect::cliName, name, null);
    if (d == null) throw new IllegalArgumentException("unknown firmware defect '" + name + "'; valid: " + names());
    return d;
  }

  public static String names() {
    return Arrays.stream(values()).map(FirmwareDefect::cliName).collect(Collectors.joining(", "));
  }

  /** The fault plan that goes with these defects: {@link #HANG} is the plan's hang counter. */
  public static FaultPlan faultsFor(FaultPlan base, Collection<FirmwareDefect> defects) {
    return defects.contains(HANG) ? base.withHangAfter(HANG_AFTER_DEVICE_COMMANDS) : base;
  }
}
