package insitu.runtime.ops;


import insitu.boards.PatchGeometry;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * The IR's Im2Col: [N, C, H, W] → [N, OH·OW, C·kh·kw] (patch order (channel, ky, kx)); backward is
 * col2im, which adds every patch element's gradient back onto the pixel it was copied from.
 */
public final class Im2ColKernel implements Kernel {
  private final String name;
  private final int kh, kw, sh, sw, pt, pl, pb, pr;
  private final int in, out;

  public Im2ColKernel(String name, int[] kernel, int[] strides, int[] pads, int in, int out) {
    this.name = name;
    kh = kernel[0]; kw = kernel[1]; sh = strides[0]; sw = strides[1];
    pt = pads[0]; pl = pads[1]; pb = pads[2]; pr = pads[3];
    this.in = in;
    this.out = out;
  }

  private int outH(int h) { return (h + pt + pb - kh) / sh + 1; }
  private int outW(int w) { return (w + pl + pr - kw) / sw + 1; }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    if (x.rank() != 4) throw new IllegalArgumentException(name + ": Im2Col needs NCHW input, got " + java.util.Arrays.toString(x.shape()));
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), oh = outH(h), ow = outW(w);
    if (oh < 1 || ow < 1) throw new IllegalArgumentException(name + ": kernel larger than the padded input " + h + "x" + w);
    double[] y = new double[n * oh * ow * c * kh * kw], xd = x.data();
    // The board's unfold, so a patch here is the patch a board cuts; samples are independent copies:
    // split over the cores, nothing changes.
    PatchGeometry g = new PatchGeometry(c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, 1, 1);
    int perSample = g.patchesPerSample() * g.patchSize();
    f.workers().run(n, y.length, PARALLEL_COPIES, (chunk, from, to) -> g.patches(xd, from, to, y, from * perSample, new double[g.scratchSize()]));
    f.set(out, new NDArray(new int[] {n, oh * ow, c * kh * kw}, y));
  }

  @Override public void backward(Frame f) {
    NDArray g = f.grad(out);
    if (g == null) return;
    NDArray x = f.value(in);
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), oh = outH(h), ow = outW(w);
    double[] gx = f.gradBuffer(in), gd = g.data();
    int scratch = Im2Col.paddedSize(c, kh, kw, sh, sw, 1, 1, oh, ow);
    // Each sample's pixels take only that sample's patch gradients: split over the cores, the same sums.
    f.workers().run(n, gd.length, PARALLEL_COPIES,
        (chunk, from, to) -> Im2Col.col2im(gd, from, to, c, h, w, kh, kw, sh, sw, pt, pl, 1, 1, oh, ow, gx, new double[scratch]));
  }

  private static final long PARALLEL_COPIES = 50_000;

  @Override public String describe() {
    return name + " (Im2Col)";
  }
}
