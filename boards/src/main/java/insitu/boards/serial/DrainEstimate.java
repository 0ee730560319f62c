package insitu.boards.serial;

/**
 * How long the board needs for the request bytes still in its way after the host's write returned
 * (a write returns once the bytes left the host, but the board may still be decoding a megabyte of
 * parts), learned per byte from the rounds' answers.
 */
final class DrainEstimate {
  /** Before any measurement: a board that digests 20 MB/s of request bytes. */
  private static final double INITIAL_DRAIN_NANOS_PER_BYTE = 50;
  /** Rounds smaller than this say nothing about throughput (latency dominates). */
  private static final long DRAIN_SAMPLE_MIN_BYTES = 8192;
  private static final double DRAIN_GAIN = 0.25;
  /** 1 MB/s: a board slower than this at taking in bytes it has already been sent is not plausible. */
  private static final double MAX_DRAIN_NANOS_PER_BYTE = 1000;

  /** Request bytes written in the current round that the board has not yet answered after, and when the last write ended. */
  private long roundBytes, roundWriteEnd;
  private boolean roundTimedOut;
  /** Learned time the board needs per request byte after the host's write returned (EWMA). */
  private double drainNanosPerByte = INITIAL_DRAIN_NANOS_PER_BYTE;

  /** Request bytes of this round left the host at {@code nowNanos}. */
  void wrote(long bytes, long nowNanos) {
    roundBytes += bytes;
    roundWriteEnd = nowNanos;
  }

  /** A wait in this round expired: its answer, when it comes, may be to a later probe. */
  void timedOut() {
    roundTimedOut = true;
  }

  /**
   * How long to wait for the board's first answer after this round's writes: the retransmit
   * timeout plus twice the time the board is expected to need for the request bytes still in its
   * way. Without this allowance every bulk request timed out once, which cost a probe and switched
   * a clean link into lossy mode.
   */
  long answerWait(RetransmitTimer rto) {
    return rto.currentNanos() + (long) (2 * roundBytes * drainNanosPerByte);
  }

  /**
   * An answer arrived at {@code nowNanos}: the board has consumed this round's bytes; learn how
   * fast it did. As in Karn's algorithm, a round with a timeout in it gives no sample, and the
   * estimate is capped so one slow moment cannot make later waits absurd.
   */
  void drained(long nowNanos, RetransmitTimer rto) {
    if (roundBytes >= DRAIN_SAMPLE_MIN_BYTES && !roundTimedOut) {
      double sample = Math.max(0, nowNanos - roundWriteEnd - rto.smoothedNanos()) / (double) roundBytes;
      drainNanosPerByte = Math.min(MAX_DRAIN_NANOS_PER_BYTE, drainNanosPerByte + DRAIN_GAIN * (sample - drainNanosPerByte));
    }
    roundBytes = 0;
    roundTimedOut = false;
  }
}
