package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.SimRequest;
import org.jspecify.annotations.Nullable;

/**
 * A parsed chat request with the wire details the answer depends on.
 *
 * @param request the request in the common shape
 * @param forcedTool the tool the request forces the model to call, or null
 * @param stream whether the request asked for a streamed answer
 */
public record Call(SimRequest request, @Nullable String forcedTool, boolean stream) {

  /**
   * Returns the answer as the forced tool's input: the completion's JSON object, or null when no
   * tool is forced, the answer was cut off, or it is not a JSON object (then it goes out as text).
   *
   * @param completion the answer
   * @return the tool input, or null
   */
  public @Nullable ObjectNode toolInput(Completion completion) {
    return forcedTool != null && !completion.truncated()
        ? Json.tryParseObject(completion.text())
        : null;
  }
}
