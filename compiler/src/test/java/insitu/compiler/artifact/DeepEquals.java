package insitu.compiler.artifact;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Structural equality through records, lists, maps and primitive arrays (records compare arrays by reference). */
final class DeepEquals {
  private DeepEquals() {}

  /** Null when equal, else the path of the first difference. */
  static String diff(Object a, Object b, String path) {
    if (a == b) return null;
    if (a == null || b == null) return path + ": " + a + " vs " + b;
    if (a.getClass() != b.getClass()) return path + ": " + a.getClass().getSimpleName() + " vs " + b.getClass().getSimpleName();
    if (a.getClass().isRecord()) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        try {
          String d = diff(c.getAccessor().invoke(a), c.getAccessor().invoke(b), path + "." + c.getName());
          if (d != null) return d;
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return null;
    }
    if (a instanceof List<?> la) {
      List<?> lb = (List<?>) b;
      if (la.size() != lb.size()) return path + ": size " + la.size() + " vs " + lb.size();
      for (int i = 0; i < la.size(); i++) {
        String d = diff(la.get(i), lb.get(i), path + "[" + i + "]");
        if (d != null) return d;
      }
      return null;
    }
    if (a instanceof Map<?, ?> ma) {
      Map<?, ?> mb = (Map<?, ?>) b;
      if (!List.copyOf(ma.keySet()).equals(List.copyOf(mb.keySet()))) return path + ": keys " + ma.keySet() + " vs " + mb.keySet();
      for (Object k : ma.keySet()) {
        String d = diff(ma.get(k), mb.get(k), path + "[" + k + "]");
        if (d != null) return d;
      }
      return null;
    }
    if (a.getClass().isArray()) return Objects.deepEquals(a, b) ? null : path + ": arrays differ";
    if (a instanceof Double da) return Double.compare(da, (Double) b) == 0 ? null : path + ": " + a + " vs " + b;
    return a.equals(b) ? null : path + ": " + a + " vs " + b;
  }
}
