package insitu.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import insitu.sdk.data.Dataset;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ONNX Runtime Java peer: batch-1 latency of the paper CNN exported to ONNX, on the same
 * digits, in blocks that alternate with the other peers'. A failure makes it unavailable (with a
 * reason), never a bench failure.
 */
final class OnnxRuntimePeer extends Peer {
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final String input, model;
  private final Dataset test;
  private int next;

  private OnnxRuntimePeer(OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model, Dataset test, String reason) {
    super(reason);
    this.env = env;
    this.options = options;
    this.session = session;
    this.model = model == null ? null : model.getFileName().toString();
    this.test = test;
    String in = null;
    if (session != null) in = session.getInputNames().iterator().next();
    input = in;
  }

  static OnnxRuntimePeer unavailable(String reason) {
    return new OnnxRuntimePeer(null, null, null, null, null, reason);
  }

  static OnnxRuntimePeer open(Path model, Dataset test) {
    return open(model, test, 2);
  }

  /** A session with {@code threads} intra-op threads (the bench tries one and two, as for PyTorch). */
  static OnnxRuntimePeer open(Path model, Dataset test, int threads) {
    if (model == null || !java.nio.file.Files.isRegularFile(model)) return unavailable("no ONNX model");
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(threads);
      return new OnnxRuntimePeer(env, opts, env.createSession(model.toString(), opts), model, test, null);
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      return unavailable(e.toString());
    }
  }

  String model() {
    return model;
  }

  /** {@code warmup} untimed batch-1 calls, then statistics of {@code runs} timed ones. */
  Latency latency(int warmup, int runs) {
    if (!available()) return Latency.NONE;
    int per = test.sampleSize(), n = test.size();
    long[] shape = {1, 1, 8, 8};
    float[] x = new float[per];
    double[] sample = new double[per];
    double[] lat = new double[runs];
    try {
      for (int i = 0; i < warmup + runs; i++, next++) {
        test.sample(next % n, sample);
        for (int k = 0; k < per; k++) x[k] = (float) sample[k];
        long t0 = System.nanoTime();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape); OrtSession.Result r = session.run(Map.of(input, t))) {
          r.get(0).getValue();
        }
        long t = System.nanoTime() - t0;
        if (i >= warmup) lat[i - warmup] = t / 1e3;
      }
    } catch (OrtException | RuntimeException e) {
      fail(e.toString());
      return Latency.NONE;
    }
    return Latency.of(lat);
  }

  @Override public void close() {
    try {
      if (session != null) session.close();
      if (options != null) options.close();
    } catch (OrtException e) {
      // closing a session that failed: nothing left to free
    }
  }
}
