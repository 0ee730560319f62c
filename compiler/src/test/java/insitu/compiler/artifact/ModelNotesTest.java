package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.InputRange;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's optional input range and metadata: written only when there are any, read back as written. */
class ModelNotesTest {
  @TempDir Path dir;

  private final Graph g = PaperModels.cnn(2);
  private final Placement p = CrossbarMapper.map(g, ArtifactTest.target(), MappingOptions.defaults());

  @Test void notesRoundTripInOrder() {
    ModelNotes notes = ModelNotes.NONE.withInputRange(InputRange.SYMMETRIC).with("insitu.dataset", "fashion-mnist")
        .trainedInSitu("sim", "runs/a", "mnist8", 0.93125);
    Path out = dir.resolve("n.xbar");
    ArtifactWriter.write(g, p, ArtifactTest.target(), null, out, null, notes);
    ModelNotes back = ArtifactReader.read(out).manifest().notes();
    assertEquals(notes, back);
    assertEquals(notes, ArtifactReader.notes(out), "the manifest alone says the same");
    assertEquals("0.9313", back.metadata().get(ModelNotes.BOARD_ACCURACY));
    assertEquals(java.util.List.of("insitu.dataset", ModelNotes.TRAINED_ON, ModelNotes.TRAINING_RUN, ModelNotes.TRAINING_DATA,
        ModelNotes.BOARD_ACCURACY, ModelNotes.WEIGHTS), java.util.List.copyOf(back.metadata().keySet()));
  }

  @Test void anArtifactWithoutNotesHasNeitherField() throws Exception {
    Path out = dir.resolve("plain.xbar");
    ArtifactWriter.write(g, p, ArtifactTest.target(), null, out);
    try (ZipFile z = new ZipFile(out.toFile())) {
      String manifest = new String(z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertFalse(manifest.contains("inputRange") || manifest.contains("\"metadata\""), manifest);
    }
    assertTrue(ArtifactReader.read(out).manifest().notes().isEmpty());
  }

  @Test void inputRangesParseAndPrintAsOnnxMetadataDoes() {
    assertEquals(InputRange.SYMMETRIC, InputRange.parse("-1,1"));
    assertEquals(InputRange.UNIT, InputRange.parse(" 0 , 1 "));
    assertEquals("-1,1", InputRange.SYMMETRIC.toString());
    assertEquals("-0.5,2.25", new InputRange(-0.5, 2.25).toString());
    assertEquals(-1.0, InputRange.SYMMETRIC.fromUnit(0));
    assertEquals(0.0, InputRange.SYMMETRIC.fromUnit(0.5));
    for (String bad : new String[] {"1,0", "0", "a,b", "0,1,2", "0,NaN", ""})
      assertThrows(UsageException.class, () -> InputRange.parse(bad), bad);
  }

  @Test void aDamagedRangeIsRefusedNamingTheFile() throws Exception {
    // A range whose low is above its high, written by hand into an otherwise valid manifest.
    Path out = dir.resolve("bad.xbar");
    ArtifactWriter.write(g, p, ArtifactTest.target(), null, out, null, ModelNotes.NONE.withInputRange(InputRange.UNIT));
    Path broken = dir.resolve("broken.xbar");
    ArtifactTest.rewriteManifest(out, broken, m -> m.replace("\"inputRange\":[0.0,1.0]", "\"inputRange\":[1.0,0.0]"));
    BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(broken));
    assertTrue(e.getMessage().startsWith(broken.toString()) && e.getMessage().contains("low < high"), e.getMessage());
  }
}
