package insitu.sdk.data;

import insitu.runtime.train.SampleSource;

/**
 * Samples that are sequences of frames taken from another source by index: sample {@code k} is
 * frames {@code frameIndex[k * steps .. k * steps + steps - 1]}, one after another. A sequence
 * set that reuses each digit several times then holds indices, not copies.
 */
final class FrameSequences implements SampleSource {
  private final SampleSource frames;
  private final int[] frameIndex;
  private final int steps;

  /** Takes {@code frameIndex} as it is (not copied); every index must be a sample of {@code frames}. */
  FrameSequences(SampleSource frames, int[] frameIndex, int steps) {
    if (steps < 1 || frameIndex.length % steps != 0) {
      throw new IllegalArgumentException(frameIndex.length + " frame indices are not whole sequences of " + steps);
    }
    for (int f : frameIndex) {
      if (f < 0 || f >= frames.size()) throw new IllegalArgumentException("frame " + f + " of " + frames.size());
    }
    this.frames = frames;
    this.frameIndex = frameIndex;
    this.steps = steps;
  }

  @Override
  public int size() {
    return frameIndex.length / steps;
  }

  @Override
  public int sampleSize() {
    return steps * frames.sampleSize();
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    int per = frames.sampleSize();
    for (int t = 0; t < steps; t++) frames.copySample(frameIndex[i * steps + t], out, offset + t * per);
  }
}
