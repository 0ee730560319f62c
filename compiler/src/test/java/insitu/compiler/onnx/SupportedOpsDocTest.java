package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/ONNX.md names every op the importer accepts, and the opset range it reads. */
class SupportedOpsDocTest {
  @Test void theDocumentListsEveryOpAndTheOpsets() throws Exception {
    Path base = Path.of(System.getProperty("user.dir"));
    Path doc = Files.exists(base.resolve("../docs/ONNX.md")) ? base.resolve("../docs/ONNX.md") : base.resolve("docs/ONNX.md");
    String text = Files.readString(doc);
    for (String op : OnnxImporter.supportedOps()) assertTrue(text.contains("`" + op + "`"), "docs/ONNX.md does not list " + op);
    assertTrue(text.contains("opsets " + SupportedOps.MIN_OPSET + " to " + SupportedOps.MAX_OPSET), "docs/ONNX.md states the opset range");
  }
}
