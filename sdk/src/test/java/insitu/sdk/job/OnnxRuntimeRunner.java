package insitu.sdk.job;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (one thread, so the sums come out the same every time). */
final class OnnxRuntimeRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OnnxRuntimeRunner(Path model) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(1);
    o.setInterOpNumThreads(1);
    session = env.createSession(model.toString(), o);
  }

  /** The named output for {@code n} samples of {@code sampleShape}, flattened, computed in chunks of 250. */
  double[] run(double[] x, int n, int[] sampleShape, String output) throws OrtException {
    int per = 1;
    for (int d : sampleShape) per *= d;
    String input = session.getInputNames().iterator().next();
    double[] out = null;
    int width = 0;
    for (int start = 0; start < n; start += 250) {
      int count = Math.min(250, n - start);
      float[] chunk = new float[count * per];
      for (int i = 0; i < chunk.length; i++) chunk[i] = (float) x[start * per + i];
      long[] shape = new long[sampleShape.length + 1];
      shape[0] = count;
      for (int d = 0; d < sampleShape.length; d++) shape[d + 1] = sampleShape[d];
      try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(chunk), shape);
           OrtSession.Result r = session.run(Map.of(input, t))) {
        FloatBuffer y = ((OnnxTensor) r.get(output).orElseThrow()).getFloatBuffer();
        if (out == null) {
          width = y.remaining() / count;
          out = new double[n * width];
        }
        for (int i = 0; y.hasRemaining(); i++) out[start * width + i] = y.get();
      }
    }
    return out == null ? new double[0] : out;
  }

  java.util.List<String> outputNames() throws OrtException {
    return Arrays.asList(session.getOutputNames().toArray(new String[0]));
  }

  @Override public void close() throws OrtException {
    session.close();
  }

  /** max |a − b| / max |b|. */
  static double relativeError(double[] a, double[] b) {
    if (a.length != b.length) throw new AssertionError(a.length + " values vs " + b.length);
    double diff = 0, scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  static double accuracy(double[] scores, int[] labels) {
    int classes = scores.length / labels.length, correct = 0;
    for (int s = 0; s < labels.length; s++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (scores[s * classes + c] > scores[s * classes + best]) best = c;
      if (best == labels[s]) correct++;
    }
    return (double) correct / labels.length;
  }
}
