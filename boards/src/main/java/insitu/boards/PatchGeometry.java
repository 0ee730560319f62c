package insitu.boards;

/**
 * Where the patches of a convolution come from: feature maps of {@code channels × height × width}
 * (row-major, one after the other per sample), a kernel of {@code kernelH × kernelW} moved with
 * strides, zero padding and dilations. Patch element order is (channel, ky, kx), as a weight
 * W[out, channel, ky, kx]; patches are ordered (sample, oy, ox). The bottom and right pads only
 * decide the output size: outside the map every element is zero.
 *
 * <p>{@link #pairVolts} is the one definition of how a patch becomes the differential drive of a
 * crossbar block; {@link Board#mvmPatches} and the runtime use it, so a board that unfolds
 * patches itself and a host that sends every patch compute exactly the same voltages.
 */
public record PatchGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
    int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW) {

  /** Largest value of any field (they travel as u16 on the wire). */
  public static final int MAX_FIELD = 0xFFFF;

  public PatchGeometry {
    int[] positive = {channels, height, width, kernelH, kernelW, strideH, strideW, dilationH, dilationW};
    for (int v : positive)
      if (v < 1 || v > MAX_FIELD)
        throw new IllegalArgumentException("patch geometry needs sizes, strides and dilations in 1.." + MAX_FIELD + ", got " + v
            + " in map " + channels + "×" + height + "×" + width + ", kernel " + kernelH + "×" + kernelW + ", stride " + strideH + "×" + strideW
            + ", dilation " + dilationH + "×" + dilationW);
    for (int v : new int[] {padTop, padLeft, padBottom, padRight})
      if (v < 0 || v > MAX_FIELD) throw new IllegalArgumentException("patch geometry needs pads in 0.." + MAX_FIELD + ", got " + v);
    long oh = outSize(height, padTop, padBottom, kernelH, strideH, dilationH), ow = outSize(width, padLeft, padRight, kernelW, strideW, dilationW);
    if (oh < 1 || ow < 1) throw new IllegalArgumentException("a " + kernelH + "×" + kernelW + " kernel does not fit a padded " + height + "×" + width + " map");
    if ((long) channels * kernelH * kernelW > MAX_FIELD) throw new IllegalArgumentException("patches of " + (long) channels * kernelH * kernelW + " elements are too long");
  }

  private static long outSize(int in, int padBefore, int padAfter, int kernel, int stride, int dilation) {
    return ((long) in + padBefore + padAfter - (long) dilation * (kernel - 1) - 1) / stride + 1;
  }

  public int outHeight() { return (int) outSize(height, padTop, padBottom, kernelH, strideH, dilationH); }

  public int outWidth() { return (int) outSize(width, padLeft, padRight, kernelW, strideW, dilationW); }

  /** Elements of one patch: channels × kernelH × kernelW. */
  public int patchSize() { return channels * kernelH * kernelW; }

  /** Patches (output positions) per sample. */
  public int patchesPerSample() { return outHeight() * outWidth(); }

  /** Values of one sample's feature map. */
  public int mapSize() { return channels * height * width; }

  /**
   * The differential drive of every patch of samples {@code from…to-1}: with u the patch (zero
   * outside the map), s = readVolts / max|u| (1 when every element is zero) and v = u·s clamped to
   * ±readVolts (rounding must never push a voltage past the limit), pair j of the region gets
   * v[j mod patchSize], for {@code copies} copies of the patch. A NaN anywhere in a patch gives NaN
   * voltages, which every board then refuses. Written row-major, one patch after the other, from
   * {@code out[0]}.
   *
   * @param scratch at least {@link #patchSize()} values
   */
  public void pairVolts(double[] maps, int from, int to, double readVolts, int copies, double[] out, double[] scratch) {
    int k = patchSize(), oh = outHeight(), ow = outWidth(), plane = height * width, pairs = k * copies;
    int at = 0;
    for (int s = from; s < to; s++) {
      int base = s * mapSize();
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          double m = 0;
          boolean nan = false;
          for (int ch = 0, e = 0; ch < channels; ch++)
            for (int ky = 0; ky < kernelH; ky++) {
              int iy = oy * strideH + ky * dilationH - padTop;
              for (int kx = 0; kx < kernelW; kx++, e++) {
                int ix = ox * strideW + kx * dilationW - padLeft;
                double u = iy >= 0 && iy < height && ix >= 0 && ix < width ? maps[base + ch * plane + iy * width + ix] : 0;
                scratch[e] = u;
                double a = Math.abs(u);
                m = a > m ? a : m;
                nan |= a != a;
              }
            }
          double scale = nan ? Double.NaN : m > 0 ? readVolts / m : 1;
          for (int e = 0; e < k; e++) {
            double u = scratch[e] * scale;
            out[at + e] = u > readVolts ? readVolts : u < -readVolts ? -readVolts : u;
          }
          for (int c = 1; c < copies; c++) System.arraycopy(out, at, out, at + c * k, k);
          at += pairs;
        }
    }
  }
}
