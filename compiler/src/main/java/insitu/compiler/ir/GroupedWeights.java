package insitu.compiler.ir;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A grouped (or depthwise) convolution runs as one group-1 convolution per group, each with its
 * own crossbar block; this names those blocks' weights ("conv.weight/group3of32") so that the
 * compile report can put a layer's groups back together and state what the grouping costs.
 */
public final class GroupedWeights {
  private GroupedWeights() {}

  /** One group's weight: of {@code layer} (the source model's weight), group {@code group} of {@code groups}. */
  public record Group(String layer, int group, int groups) {}

  private static final Pattern NAME = Pattern.compile("(.*)/group(\\d+)of(\\d+)");

  public static String name(String layer, int group, int groups) {
    return layer + "/group" + group + "of" + groups;
  }

  /** The group a weight name stands for, or empty for an ordinary weight. */
  public static Optional<Group> parse(String weight) {
    Matcher m = NAME.matcher(weight);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new Group(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
  }
}
