package insitu.runtime.ops;

/** im2col and its adjoint for NCHW tensors; patch element order is (channel, ky, kx), as W[Cout,Cin,kh,kw]. */
final class Im2Col {
  private Im2Col() {}

  static void im2col(double[] x, int n, int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl,
                     int dh, int dw, int oh, int ow, double[] out) {
    int k = c * kh * kw;
    for (int s = 0; s < n; s++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int row = ((s * oh + oy) * ow + ox) * k;
          for (int ch = 0; ch < c; ch++) {
            int xb = (s * c + ch) * h * w;
            for (int ky = 0; ky < kh; ky++) {
              int iy = oy * sh - pt + ky * dh;
              int col = row + (ch * kh + ky) * kw;
              if (iy < 0 || iy >= h) {
                for (int kx = 0; kx < kw; kx++) out[col + kx] = 0;
                continue;
              }
              for (int kx = 0; kx < kw; kx++) {
                int ix = ox * sw - pl + kx * dw;
                out[col + kx] = ix < 0 || ix >= w ? 0 : x[xb + iy * w + ix];
              }
            }
          }
        }
  }

  static void col2im(double[] cols, int n, int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl,
                     int dh, int dw, int oh, int ow, double[] gx) {
    int k = c * kh * kw;
    for (int s = 0; s < n; s++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int row = ((s * oh + oy) * ow + ox) * k;
          for (int ch = 0; ch < c; ch++) {
            int xb = (s * c + ch) * h * w;
            for (int ky = 0; ky < kh; ky++) {
              int iy = oy * sh - pt + ky * dh;
              if (iy < 0 || iy >= h) continue;
              int col = row + (ch * kh + ky) * kw;
              for (int kx = 0; kx < kw; kx++) {
                int ix = ox * sw - pl + kx * dw;
                if (ix >= 0 && ix < w) gx[xb + iy * w + ix] += cols[col + kx];
              }
            }
          }
        }
  }
}
