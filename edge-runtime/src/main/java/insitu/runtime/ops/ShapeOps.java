package insitu.runtime.ops;

import java.util.ArrayList;
import java.util.List;

/** Shape arithmetic shared by kernels. */
final class ShapeOps {
  private ShapeOps() {}

  static int norm(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  static int[] squeeze(int[] s, int[] axes) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      boolean drop = false;
      if (axes.length == 0) drop = s[i] == 1;
      else for (int a : axes) if (norm(a, s.length) == i) drop = true;
      if (!drop) r.add(s[i]);
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] unsqueeze(int[] s, int[] axes) {
    int rank = s.length + axes.length;
    boolean[] ins = new boolean[rank];
    for (int a : axes) ins[norm(a, rank)] = true;
    int[] r = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) r[i] = ins[i] ? 1 : s[j++];
    return r;
  }

  /** Product of dims before {@code axis}, the dim itself, and the product after. */
  static int[] outerDimInner(int[] s, int axis) {
    int outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= s[i];
    for (int i = axis + 1; i < s.length; i++) inner *= s[i];
    return new int[] {outer, s[axis], inner};
  }
}
