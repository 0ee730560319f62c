package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys of {@code train --json} and {@code eval --json}, in their order: scripts and the README
 * read them, so a report record that renames, drops or reorders a component fails here.
 */
class ReportKeysCliTest {
  @TempDir Path dir;

  private static List<String> keys(JsonObject o) {
    return List.copyOf(o.keySet());
  }

  @Test
  void trainReportsItsKeysInOrderOnTheConsoleAndInReportJson() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = CliRun.of("train", "--epochs", "1", "--json", "--quiet", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> top = List.of("command", "model", "data", "board", "seed", "optimizer", "update", "learning_rate", "lr_decay", "batch",
        "initialization", "weights", "devices", "loss", "epochs_requested", "accuracy", "accuracy_per_step", "samples", "train_samples",
        "test_samples", "seconds", "epochs", "pulses", "reads", "mvm_vectors", "retries", "final_conductance_sha256", "checkpoints",
        "trained_model", "kept", "kept_epoch", "run_dir", "plots");
    JsonObject j = r.json();
    assertEquals(top, keys(j));
    assertEquals(List.of("epoch", "train_accuracy", "test_accuracy", "test_accuracy_per_step", "loss", "learning_rate", "seconds",
        "samples_per_second", "pulses", "reads"), keys(j.getAsJsonArray("epochs").get(0).getAsJsonObject()));
    JsonObject file = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    assertEquals(top, keys(file));
    // Whole numbers stay whole, choices are their command-line words, paths their strings.
    String line = r.out().strip();
    for (String s : new String[] {"\"command\":\"train\"", "\"seed\":1,", "\"batch\":100,", "\"optimizer\":\"rmsprop\"", "\"epochs_requested\":1,",
        "\"kept\":\"last\"", "\"kept_epoch\":1,", "\"run_dir\":\"" + out + "\""})
      assertTrue(line.contains(s), s + " in " + line);
  }

  @Test
  void evalReportsItsKeysInOrderForEitherProgrammingMode() {
    CliRun exact = CliRun.of("eval", "--model", "paper-cnn", "--board", "sim:ideal", "--program", "exact", "--json");
    assertEquals(0, exact.exit(), exact.err());
    List<String> top = List.of("command", "model", "data", "board", "placement", "program", "accuracy", "samples", "outputs_per_sample",
        "pulses", "reads", "mvm_vectors", "seconds");
    assertEquals(top, keys(exact.json()));
    assertEquals(List.of("mode", "cells", "pulses"), keys(exact.json().getAsJsonObject("program")));
    assertTrue(exact.out().contains("\"program\":{\"mode\":\"exact\",\"cells\":2030,\"pulses\":"), exact.out());

    CliRun wv = CliRun.of("eval", "--model", "paper-cnn", "--board", "sim", "--program", "write-verify", "--json");
    assertEquals(0, wv.exit(), wv.err());
    assertEquals(top, keys(wv.json()));
    assertEquals(List.of("mode", "cells", "converged", "failed", "stuck", "pulses", "pulses_per_cell", "iterations", "tolerance_siemens",
        "mean_abs_error_siemens", "max_abs_error_siemens", "seconds"), keys(wv.json().getAsJsonObject("program")));
  }
}
