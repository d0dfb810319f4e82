package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.LlmBackend;
import org.jspecify.annotations.Nullable;

/**
 * Who judges one evaluation: the backend, model and temperature for cells whose criterion names no
 * backend of its own. Close it when the evaluation is over (it releases sampling routes).
 *
 * @param backend the backend for this evaluation
 * @param model the model, or {@code null} for the backend's default
 * @param temperature the temperature, or {@code null} for the engine's default
 * @param description who judges, for people, e.g. "MCP sampling (the host's model)"
 * @param routes releases the routes of criteria judged by MCP sampling
 */
public record JudgePlan(
    LlmBackend backend, @Nullable String model, @Nullable Double temperature, String description, AutoCloseable routes)
    implements AutoCloseable {

  @Override
  public void close() {
    try {
      routes.close();
    } catch (Exception e) {
      // Releasing routes only removes map entries; nothing to report.
    }
  }
}
