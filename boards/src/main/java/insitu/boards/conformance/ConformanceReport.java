package insitu.boards.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a conformance run. A board conforms when no check failed; checks that need a
 * RESET line the setup does not have are listed as skipped.
 *
 * @param target what was tested
 */
public record ConformanceReport(String target, List<CheckResult> checks) {

  public long passed() { return count(CheckResult.Outcome.PASSED); }
  public long failed() { return count(CheckResult.Outcome.FAILED); }
  public long skipped() { return count(CheckResult.Outcome.SKIPPED); }

  private long count(CheckResult.Outcome o) {
    return checks.stream().filter(c -> c.outcome() == o).count();
  }

  /** The result of the named check, or null. */
  public CheckResult check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** {@code {"checks": [{"name", "passed", "skipped", "detail"}], "passed": N, "failed": M, "skipped": K, "target"}}. */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CheckResult c : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("passed", c.passed());
      m.put("skipped", c.outcome() == CheckResult.Outcome.SKIPPED);
      m.put("detail", c.detail());
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", target);
    out.put("checks", list);
    out.put("passed", passed());
    out.put("failed", failed());
    out.put("skipped", skipped());
    return out;
  }

  /** One line per check (outcome, name, detail) and a summary line. */
  public String table() {
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(4);
    StringBuilder sb = new StringBuilder();
    for (CheckResult c : checks) {
      String mark = switch (c.outcome()) {
        case PASSED -> "pass";
        case FAILED -> "FAIL";
        case SKIPPED -> "skip";
      };
      sb.append(String.format("%s  %-" + width + "s  %s%n", mark, c.name(), c.detail()));
    }
    sb.append(String.format("%s: %d passed, %d failed, %d skipped%n", target, passed(), failed(), skipped()));
    return sb.toString();
  }
}
