package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.LlmBackend;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who judges one evaluation: the backend, model and temperature for cells whose criterion names no
 * backend of its own, and the backends that belong to this evaluation's caller (its MCP sampling
 * connection) for criteria that name them.
 *
 * @param backend the backend for this evaluation
 * @param model the model, or {@code null} for the backend's default
 * @param temperature the temperature, or {@code null} for the engine's default
 * @param description who judges, for people, e.g. "MCP sampling (the host's model)"
 * @param callerBackends named backends that belong to the caller: {@code sampling}, the calling
 *     connection's {@link SamplingBackend}, whose id refines the name so the engine keeps each
 *     connection's calls, limit and cached answers apart
 */
public record JudgePlan(
    LlmBackend backend, @Nullable String model, @Nullable Double temperature, String description, Map<String, LlmBackend> callerBackends) {

  /** Copies the map. */
  public JudgePlan {
    callerBackends = Map.copyOf(callerBackends);
  }
}
