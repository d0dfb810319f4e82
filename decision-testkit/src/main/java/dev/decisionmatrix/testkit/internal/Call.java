package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.SimRequest;
import org.jspecify.annotations.Nullable;

/**
 * A parsed chat request with the wire details the answer depends on.
 *
 * @param request the request in the common shape
 * @param forcedTool the tool the request forces the model to call, or null
 * @param stream whether the request asked for a streamed answer
 */
public record Call(SimRequest request, @Nullable String forcedTool, boolean stream) {}
