package insitu.service.protocol;

import java.util.List;

/**
 * An inference (or learn) request of the Open Inference Protocol v2.
 *
 * @param id the request's identifier, echoed in the response, or null
 * @param inputs the input tensors
 * @param outputs the outputs asked for, by name (empty: all)
 * @param labels the {@code labels} tensor of the learn extension, or null
 */
public record InferenceRequest(String id, List<RequestTensor> inputs, List<String> outputs, RequestTensor labels) {
  public InferenceRequest {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
