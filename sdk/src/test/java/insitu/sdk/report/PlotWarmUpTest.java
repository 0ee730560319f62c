package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import insitu.runtime.train.EpochReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up draws nothing anyone sees: a plot drawn after it is the plot drawn without it. */
class PlotWarmUpTest {
  @Test
  void aPlotAfterTheWarmUpHasTheSameBytes() throws Exception {
    List<EpochReport> none = List.of();
    TrainingCurve.Run run = new TrainingCurve.Run("paper-cnn", "sim", "paper");
    byte[] before = PngFiles.encode(TrainingCurve.render(none, run));
    PlotWarmUp.draw();
    assertArrayEquals(before, PngFiles.encode(TrainingCurve.render(none, run)));
  }
}
