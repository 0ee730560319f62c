package insitu.compiler.artifact;

import insitu.compiler.InputRange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an artifact says about its model beyond graph and placement: the input range the model
 * expects, and free-form facts that travel with it like an ONNX file's {@code metadata_props}
 * (the source file's own metadata, the board and run an in situ trained model comes from).
 *
 * @param inputRange the declared input range, or null when the model does not declare one
 * @param metadata key → value, in insertion order; keys are ONNX-style ({@code insitu.dataset})
 */
public record ModelNotes(InputRange inputRange, Map<String, String> metadata) {
  /** Nothing declared: what artifacts written before these notes existed say. */
  public static final ModelNotes NONE = new ModelNotes(null, Map.of());

  public ModelNotes {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public Optional<InputRange> declaredRange() {
    return Optional.ofNullable(inputRange);
  }

  public ModelNotes withInputRange(InputRange range) {
    return new ModelNotes(range, metadata);
  }

  /** The same notes with {@code key} set (added last, or replaced in place). */
  public ModelNotes with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new ModelNotes(inputRange, m);
  }

  /**
   * The same notes recording that the weights were trained in situ and read back from a board:
   * which board, which run (its directory or name), on what data, with what test accuracy there.
   */
  public ModelNotes trainedInSitu(String board, String run, String data, double boardAccuracy) {
    return with(TRAINED_ON, board).with(TRAINING_RUN, run).with(TRAINING_DATA, data)
        .with(BOARD_ACCURACY, String.format(java.util.Locale.ROOT, "%.4f", boardAccuracy))
        .with(WEIGHTS, "read back from the board after in situ training");
  }

  /** Metadata keys of an in situ trained model. */
  public static final String TRAINED_ON = "insitu.trained_on", TRAINING_RUN = "insitu.training_run", TRAINING_DATA = "insitu.training_data",
      BOARD_ACCURACY = "insitu.board_accuracy", WEIGHTS = "insitu.weights";
  /** The key under which ONNX files carry the input range ({@code "0,1"}, {@code "-1,1"}). */
  public static final String INPUT_RANGE = "insitu.input_range";

  public boolean isEmpty() {
    return inputRange == null && metadata.isEmpty();
  }
}
