package insitu.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.tensor.NDArray;
import insitu.sdk.data.NpyArray;
import insitu.sdk.data.NpyReader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime as the independent oracle of the opsets PyTorch 1.13 cannot write (18–21, rewritten
 * by tools/onnx/upgrade_opset.py): every such fixture that should run gives, in ONNX Runtime, the
 * stored PyTorch reference, and insitu on the ideal board gives ONNX Runtime's outputs (same norm
 * as OnnxFamiliesTest: max |a − b| / max(max |b|, 1e-6) ≤ 1e-4).
 */
class OnnxFamiliesOrtTest {

  private static Path families() {
    Path base = Path.of(System.getProperty("user.dir"));
    for (Path p : new Path[] {base.resolve("../compiler/src/test/resources/onnx-families"), base.resolve("compiler/src/test/resources/onnx-families")})
      if (Files.isDirectory(p)) return p.normalize();
    throw new IllegalStateException("no onnx-families directory from " + base);
  }

  private static double relative(float[] a, double[] b) {
    double err = 0, scale = 0;
    for (int i = 0; i < b.length; i++) {
      err = Math.max(err, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return err / Math.max(scale, 1e-6);
  }

  @Test void newerOpsetsAgreeWithOnnxRuntime() throws Exception {
    Path dir = families();
    JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int checked = 0, againstInsitu = 0;
    double worstRef = 0, worstInsitu = 0;
    for (JsonElement e : manifest.getAsJsonArray("models")) {
      JsonObject m = e.getAsJsonObject();
      if (m.get("opset").getAsInt() <= 17 || !m.get("expect").getAsString().equals("run")) continue;
      Path model = dir.resolve(m.get("file").getAsString());
      NpyArray x = NpyReader.read(dir.resolve(m.get("input").getAsString())), ref = NpyReader.read(dir.resolve(m.get("output").getAsString()));
      double[] xv = x.toDoubles();
      float[] xf = new float[xv.length];
      for (int i = 0; i < xf.length; i++) xf[i] = (float) xv[i];
      float[] ort;
      try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
           OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(xf), Arrays.stream(x.shape()).asLongStream().toArray());
           OrtSession.Result r = s.run(Map.of("input", t))) {
        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
        ort = new float[fb.remaining()];
        fb.get(ort);
      }
      double relRef = relative(ort, ref.toDoubles());
      assertTrue(relRef <= 1e-4, model.getFileName() + ": ONNX Runtime vs the PyTorch reference " + relRef);
      worstRef = Math.max(worstRef, relRef);
      checked++;
      if (!m.getAsJsonObject("dynamic_axes").getAsJsonObject("input").has("0")) continue; // batch not first: OnnxFamiliesTest covers it
      Graph g = Compiler.standard().load(ModelSource.onnx(model));
      try (Board board = BoardOpener.open("sim:ideal?arrays=64", 1)) {
        Deployment d = Deployment.map(board, insitu.numeric.parallel.Workers.sequential(), g, MappingOptions.autoScale());
        d.programOpenLoop(GateResponse.paper(), 1.6);
        double[] ours = d.executor().forward(new NDArray(x.shape(), xv)).data();
        double[] ortd = new double[ort.length];
        for (int i = 0; i < ortd.length; i++) ortd[i] = ort[i];
        float[] oursF = new float[ours.length];
        for (int i = 0; i < ours.length; i++) oursF[i] = (float) ours[i];
        double rel = relative(oursF, ortd);
        assertTrue(rel <= 1e-4, model.getFileName() + ": insitu vs ONNX Runtime " + rel);
        worstInsitu = Math.max(worstInsitu, rel);
        againstInsitu++;
      }
    }
    System.out.printf("ONNX Runtime on %d opset 18-21 fixtures: worst vs PyTorch %.2g; insitu vs ONNX Runtime on %d, worst %.2g%n", checked,
        worstRef, againstInsitu, worstInsitu);
    assertTrue(checked >= 4 * 53, "fixtures checked: " + checked);
  }
}
