package insitu.fleet.wire;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * The edge service's part of a device's status, for a device that serves its model
 * ({@code insitu serve --fleet}); a device without a service reports none.
 *
 * @param name the model's name in the service's URLs ({@code /v2/models/NAME})
 * @param ready whether the service answers inference (a model is served and the board is sound)
 * @param requests HTTP requests answered since the service started
 * @param inferredSamples samples inferred since the service started
 * @param learnedSamples labelled samples the served model trained on ({@code /learn} and fine-tuning), kept across restarts
 * @param recalibrations drift recalibrations of the served model, kept across restarts
 * @param queueDepth requests waiting for the board when the status was made
 */
public record ServiceReport(String name, boolean ready, long requests, long inferredSamples, long learnedSamples, long recalibrations,
                            int queueDepth) {
  /** The components as they are, in snake case: the report is flat numbers and one name. */
  private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

  /** As it appears in the status message and in {@code fleet status --json}. */
  public JsonObject toJson() {
    return GSON.toJsonTree(this).getAsJsonObject();
  }

  static ServiceReport from(JsonObject o) {
    try {
      return GSON.fromJson(o, ServiceReport.class);
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new WireException("status field 'service' is malformed: " + e.getMessage());
    }
  }
}
