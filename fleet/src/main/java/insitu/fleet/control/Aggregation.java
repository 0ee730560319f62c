package insitu.fleet.control;

import insitu.errors.UsageException;
import java.util.Locale;

/**
 * How a round combines the weights the devices read back from their boards, coordinate by
 * coordinate, each device weighted by its number of samples.
 *
 * <ul>
 *   <li>{@code FEDAVG}: the weighted mean (McMahan et al. 2017). Best when every board is sound.
 *   <li>{@code TRIMMED_MEAN} (default): the weighted mean after dropping a share of the weight mass
 *       at each end (Yin et al. 2018). A stuck or drifting cell makes a few coordinates of one board
 *       read far off; the trim drops exactly those, and the rest of that board still counts.
 *   <li>{@code MEDIAN}: the weighted median; the most robust, noisier with few devices.
 * </ul>
 */
public enum Aggregation {
  FEDAVG, TRIMMED_MEAN, MEDIAN;

  public static Aggregation parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "fedavg", "mean" -> FEDAVG;
      case "trimmed-mean", "trimmed" -> TRIMMED_MEAN;
      case "median" -> MEDIAN;
      default -> throw new UsageException("unknown aggregation '" + s + "'; valid: fedavg, trimmed-mean, median");
    };
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
