package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

  @Test
  void onnxFileIsImported() {
    Path p = Path.of(System.getProperty("user.dir")).resolve("../compiler/src/test/resources/fixtures/paper_cnn.onnx").normalize();
    Graph g = ModelCatalog.load(p.toString(), 1);
    assertEquals(1015, g.crossbarWeightCount());
    assertEquals(3, ModelCatalog.load("paper-cnn", 1).crossbarWeights().size());
  }

  @Test
  void missingOnnxFileIsBadInputNamingIt(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.onnx");
    BadInputException e = assertThrows(BadInputException.class, () -> ModelCatalog.load(missing.toString(), 1));
    assertTrue(e.getMessage().contains("nope.onnx"), e.getMessage());
    Path junk = Files.writeString(dir.resolve("junk.onnx"), "{\"not\": \"onnx\"}");
    e = assertThrows(BadInputException.class, () -> ModelCatalog.load(junk.toString(), 1));
    assertTrue(e.getMessage().contains("junk.onnx") && e.getMessage().contains("JSON"), e.getMessage());
  }
}
