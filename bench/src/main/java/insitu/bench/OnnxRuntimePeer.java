package insitu.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import insitu.sdk.data.Dataset;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The ONNX Runtime Java peer: batch-1 latency of the paper CNN exported to ONNX, on the same digits. */
final class OnnxRuntimePeer {
  record Result(boolean available, String reason, String model, double medianMicros, double p99Micros) {}

  private OnnxRuntimePeer() {}

  static Result run(Path model, Dataset test, BenchSettings s) {
    if (model == null || !java.nio.file.Files.isRegularFile(model)) return new Result(false, "no ONNX model", null, Double.NaN, Double.NaN);
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
        opts.setIntraOpNumThreads(2); // the same thread count as the PyTorch peer
        try (OrtSession session = env.createSession(model.toString(), opts)) {
          String input = session.getInputNames().iterator().next();
          int per = test.sampleSize(), n = test.size();
          long[] shape = {1, 1, 8, 8};
          float[] x = new float[per];
          double[] lat = new double[s.latencyRuns()];
          for (int i = 0; i < s.latencyWarmup() + s.latencyRuns(); i++) {
            for (int k = 0; k < per; k++) x[k] = (float) test.x()[(i % n) * per + k];
            long t0 = System.nanoTime();
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result r = session.run(Map.of(input, t))) {
              r.get(0).getValue();
            }
            long t = System.nanoTime() - t0;
            if (i >= s.latencyWarmup()) lat[i - s.latencyWarmup()] = t / 1e3;
          }
          return new Result(true, null, model.getFileName().toString(), Stats.median(lat), Stats.percentile(lat, 0.99));
        }
      }
    } catch (Exception | UnsatisfiedLinkError e) {
      return new Result(false, e.toString(), null, Double.NaN, Double.NaN);
    }
  }
}
