package insitu.boards.serial;

import insitu.boards.protocol.Frame;

/**
 * Frame payload size for one direction of the link. A frame of n bytes survives a byte error
 * rate p with probability (1−p)^n, so on a noisy link big frames almost never arrive: the size
 * halves after each exchange that lost parts (down to {@link Frame#MIN_PART_BYTES}) and doubles
 * again after a run of clean exchanges, so a clean link keeps the large, efficient frames.
 */
public final class AdaptivePartSize {
  /** Clean exchanges in a row before the size doubles. */
  static final int GROW_AFTER_CLEAN = 8;

  private final int max;
  private int size;
  private int cleanRun;

  /** @param max the negotiated largest payload per frame */
  public AdaptivePartSize(int max) {
    this.max = Math.max(Frame.MIN_PART_BYTES, max);
    this.size = this.max;
  }

  public int size() { return size; }

  public int max() { return max; }

  /** True while the size is below the maximum because of recent losses. */
  public boolean reduced() { return size < max; }

  /** An exchange lost parts in this direction. */
  public void lost() {
    cleanRun = 0;
    size = Math.max(Frame.MIN_PART_BYTES, size / 2);
  }

  /** An exchange went through without a loss. */
  public void clean() {
    if (size == max || ++cleanRun < GROW_AFTER_CLEAN) return;
    cleanRun = 0;
    size = Math.min(max, size * 2);
  }

  /** The size as a request's reply-part field (a power of two within the wire range). */
  public int asReplyPartBytes() {
    int p = Integer.highestOneBit(size);
    return Math.max(Frame.MIN_PART_BYTES, Math.min(Frame.MAX_REPLY_PART_BYTES, p));
  }
}
