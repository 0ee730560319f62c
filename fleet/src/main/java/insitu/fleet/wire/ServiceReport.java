package insitu.fleet.wire;

import com.google.gson.JsonObject;

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
  /** As it appears in the status message and in {@code fleet status --json}. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("ready", ready);
    o.addProperty("requests", requests);
    o.addProperty("inferred_samples", inferredSamples);
    o.addProperty("learned_samples", learnedSamples);
    o.addProperty("recalibrations", recalibrations);
    o.addProperty("queue_depth", queueDepth);
    return o;
  }

  static ServiceReport from(JsonObject o) {
    return new ServiceReport(Fields.optStr(o, "name"), Fields.bool(o, "ready"), Fields.lng(o, "requests", 0), Fields.lng(o, "inferred_samples", 0),
        Fields.lng(o, "learned_samples", 0), Fields.lng(o, "recalibrations", 0), (int) Fields.lng(o, "queue_depth", 0));
  }
}
