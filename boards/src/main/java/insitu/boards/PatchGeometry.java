package insitu.boards;

/**
 * Where the patches of a convolution come from: feature maps of {@code channels × height × width}
 * (row-major, one after the other per sample), a kernel of {@code kernelH × kernelW} moved with
 * strides, zero padding and dilations. Patch element order is (channel, ky, kx), as a weight
 * W[out, channel, ky, kx]; patches are ordered (sample, oy, ox). The bottom and right pads only
 * decide the output size: outside the map every element is zero.
 *
 * <p>{@link #pairVolts} is the one definition of how a patch becomes the differential drive of a
 * crossbar block; {@link insitu.boards.drive.FeatureMaps} and the runtime use it, so a board that unfolds
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

  /** Rows and columns of the zero-padded map the patches are cut from. */
  private int paddedHeight() { return (outHeight() - 1) * strideH + (kernelH - 1) * dilationH + 1; }

  private int paddedWidth() { return (outWidth() - 1) * strideW + (kernelW - 1) * dilationW + 1; }

  /** Size of the scratch {@link #pairVolts} needs: one sample's zero-padded map. */
  public int scratchSize() { return channels * paddedHeight() * paddedWidth(); }

  /**
   * For each kernel offset t = ky·kernelW + kx, the index into one channel's height × width plane
   * of the pixel every output position (oy·outWidth + ox) reads through t, or height·width (a slot
   * that holds zero) where the window hangs over the padding: which pixel each patch element is.
   */
  public int[][] gatherTables() {
    int oh = outHeight(), ow = outWidth(), hw = height * width;
    int[][] t = new int[kernelH * kernelW][oh * ow];
    for (int ky = 0; ky < kernelH; ky++)
      for (int kx = 0; kx < kernelW; kx++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) {
            int iy = oy * strideH + ky * dilationH - padTop, ix = ox * strideW + kx * dilationW - padLeft;
            t[ky * kernelW + kx][oy * ow + ox] = iy >= 0 && iy < height && ix >= 0 && ix < width ? iy * width + ix : hw;
          }
    return t;
  }

  /**
   * The patches of samples {@code from…to-1} as they are (zero outside the map: im2col), written
   * row-major, one patch after the other, from {@code out[at]}. Each sample is first copied into a
   * zero-padded map (scratch), so cutting a patch needs no bounds tests.
   *
   * @param scratch at least {@link #scratchSize()} values
   */
  public void patches(double[] maps, int from, int to, double[] out, int at, double[] scratch) {
    int k = patchSize(), oh = outHeight(), ow = outWidth(), wp = paddedWidth(), paddedPlane = paddedHeight() * wp;
    java.util.Arrays.fill(scratch, 0, scratchSize(), 0);
    for (int s = from; s < to; s++) {
      pad(maps, s, scratch);
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++, at += k) cut(scratch, wp, paddedPlane, oy, ox, out, at);
    }
  }

  /**
   * The differential drive of every patch of samples {@code from…to-1}: with u the patch (zero
   * outside the map, as {@link #patches} cuts it), s = readVolts / max|u| (1 when every element is
   * zero) and v = u·s clamped to ±readVolts (rounding must never push a voltage past the limit),
   * pair j of the region gets v[j mod patchSize], for {@code copies} copies of the patch. A NaN
   * anywhere in a patch gives NaN voltages, which every board then refuses. Written row-major, one
   * patch after the other, from {@code out[at]}; patches are independent, so samples may be
   * unfolded in any order or in parallel. Values are only copied, then scaled one by one.
   *
   * @param scratch at least {@link #scratchSize()} values
   */
  public void pairVolts(double[] maps, int from, int to, double readVolts, int copies, double[] out, int at, double[] scratch) {
    int k = patchSize(), oh = outHeight(), ow = outWidth(), pairs = k * copies, wp = paddedWidth(), paddedPlane = paddedHeight() * wp;
    java.util.Arrays.fill(scratch, 0, scratchSize(), 0);
    for (int s = from; s < to; s++) {
      pad(maps, s, scratch);
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          cut(scratch, wp, paddedPlane, oy, ox, out, at);
          double m = 0;
          boolean nan = false;
          for (int i = at; i < at + k; i++) {
            double a = Math.abs(out[i]);
            m = a > m ? a : m;
            nan |= a != a;
          }
          double scale = nan ? Double.NaN : InputScaling.scale(m, readVolts);
          for (int i = at; i < at + k; i++) out[i] = InputScaling.volts(out[i], scale, readVolts);
          for (int c = 1; c < copies; c++) System.arraycopy(out, at, out, at + c * k, k);
          at += pairs;
        }
    }
  }

  /** Copies sample {@code s}'s map into the zero-padded scratch; its padding stays zero from the caller's fill. */
  private void pad(double[] maps, int s, double[] scratch) {
    int plane = height * width, hp = paddedHeight(), wp = paddedWidth(), paddedPlane = hp * wp, base = s * mapSize();
    for (int ch = 0; ch < channels; ch++)
      for (int iy = 0; iy < height && iy + padTop < hp; iy++) {
        int src = base + ch * plane + iy * width, dst = ch * paddedPlane + (iy + padTop) * wp + padLeft;
        System.arraycopy(maps, src, scratch, dst, Math.min(width, wp - padLeft));
      }
  }

  /** The patch at output position (oy, ox) of the padded map (rows of wp), in (channel, ky, kx) order, into out from {@code at}. */
  private void cut(double[] scratch, int wp, int paddedPlane, int oy, int ox, double[] out, int at) {
    int e = at;
    for (int ch = 0; ch < channels; ch++)
      for (int ky = 0; ky < kernelH; ky++) {
        int row = ch * paddedPlane + (oy * strideH + ky * dilationH) * wp + ox * strideW;
        for (int kx = 0; kx < kernelW; kx++) out[e++] = scratch[row + kx * dilationW];
      }
  }
}
