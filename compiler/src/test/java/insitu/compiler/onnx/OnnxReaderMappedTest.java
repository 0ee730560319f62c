package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.ir.Tensor;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file is memory-mapped and its FLOAT weights stay in it; what they read as must not change. */
class OnnxReaderMappedTest {
  @TempDir Path dir;

  @Test
  void floatWeightsAreSlicesOfTheFileWithTheValuesTheyAlwaysHad() throws IOException {
    for (String name : new String[] {"paper_cnn", "mnist28_cnn", "convlstm"}) {
      Path file = Fixtures.model(name);
      OnnxGraph mapped = OnnxReader.read(file).graph(), inMemory = OnnxReader.read(Files.readAllBytes(file), name).graph();
      assertEquals(inMemory.initializers().size(), mapped.initializers().size());
      for (int k = 0; k < mapped.initializers().size(); k++) {
        OnnxTensor t = mapped.initializers().get(k);
        int[] shape = Arrays.stream(t.dims()).mapToInt(Math::toIntExact).toArray();
        Tensor ir = t.toTensor(shape);
        if (t.dataType() == OnnxDataType.FLOAT.code()) assertTrue(ir.isFloat32(), t.name());
        assertArrayEquals(inMemory.initializers().get(k).toDoubles(), t.toDoubles(), 0.0, t.name());
        assertArrayEquals(t.toDoubles(), ir.data(), 0.0, t.name());
        assertArrayEquals(inMemory.initializers().get(k).rawData(), t.rawData(), t.name());
      }
    }
  }

  @Test
  void aCutOffFileIsRefusedAsTruncated() throws IOException {
    byte[] whole = Files.readAllBytes(Fixtures.model("mnist28_cnn"));
    for (int length : new int[] {whole.length / 3, whole.length - 1}) {
      Path cut = Files.write(dir.resolve("cut" + length + ".onnx"), Arrays.copyOf(whole, length));
      var e = assertThrows(BadInputException.class, () -> OnnxReader.read(cut));
      assertTrue(e.getMessage().startsWith(cut + ": truncated protobuf at byte"), e.getMessage());
    }
  }
}
