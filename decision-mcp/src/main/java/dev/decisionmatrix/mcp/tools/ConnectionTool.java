package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.CircuitState;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.mcp.judge.BackendNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code test_backend_connection}: sends one tiny request to a judge and says whether it works;
 * {@code test_aws_bedrock_connection} is the same test of the Bedrock backend, under the name the
 * Python decision-matrix-mcp gave it, so prompts and host configurations written for it keep working.
 */
final class ConnectionTool {

  private static final String OUTPUT_SCHEMA = """
      {"type":"object","properties":{
        "backend":{"type":"string"},"ok":{"type":"boolean"},"model":{"anyOf":[{"type":"string"},{"type":"null"}]},
        "message":{"type":"string"},"error_kind":{"anyOf":[{"type":"string"},{"type":"null"}]},"latency_ms":{"type":"integer"},
        "default_judge":{"type":"string"},"configured_backends":{"type":"array","items":{"type":"string"}},
        "sampling_available":{"type":"boolean"},
        "circuits":{"type":"array","items":{"type":"object","properties":{
          "model":{"anyOf":[{"type":"string"},{"type":"null"}]},"status":{"type":"string","enum":["closed","open","half_open"]},
          "down_since":{"anyOf":[{"type":"string"},{"type":"null"}]},"failures_in_a_row":{"type":"integer"},"description":{"type":"string"}}}}},
        "required":["backend","ok","message","default_judge","configured_backends","sampling_available"]}""";

  private final ToolServices services;

  ConnectionTool(ToolServices services) {
    this.services = services;
  }

  /** The engine's circuit breakers for a backend name: its own id, or its connections' ids ({@code sampling:...}). */
  private List<CircuitState> circuitsOf(String backend) {
    List<CircuitState> out = new ArrayList<>();
    for (CircuitState c : services.engine().circuits()) {
      if (c.backend().equals(backend) || c.backend().startsWith(backend + ":")) {
        out.add(c);
      }
    }
    return out;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "test_backend_connection",
        "Test a judge",
        "Sends one tiny request to a judge (an LLM backend, or \"sampling\" for the host's own model) and reports whether it"
            + " answered and, if not, what to fix, and the state of its circuit breaker (open while the provider is down). Without a"
            + " backend it tests the default judge. Never shows secrets.",
        """
        {"type":"object","properties":{
          "backend":{"type":"string","enum":[${BACKENDS}],
            "description":"The judge to test; default: the one evaluate_options would use."},
          "model_backend":{"type":"string","x-alias-of":"backend"}}}""",
        OUTPUT_SCHEMA,
        ToolDefinition.hints(true, false, true, true),
        (args, ctx) -> {
          String name = args.text("backend", "model_backend");
          return test(name == null || name.isBlank() ? null : name, ctx);
        });
  }

  ToolDefinition bedrockDefinition() {
    return ToolDefinition.of(
        "test_aws_bedrock_connection",
        "Test the AWS Bedrock judge",
        "Like test_backend_connection with backend \"bedrock\" (the name the Python decision-matrix-mcp uses): sends one tiny"
            + " request to AWS Bedrock and reports whether it answered and, if not, what to fix. Never shows secrets.",
        """
        {"type":"object","properties":{}}""",
        OUTPUT_SCHEMA,
        ToolDefinition.hints(true, false, true, true),
        (args, ctx) -> test("bedrock", ctx));
  }

  private ToolResult test(@Nullable String name, ToolContext ctx) {
    boolean sampling = ctx.sampling() != null;
    ConnectionReport report = services.judges().test(name, ctx.sampling());
    Map<String, Object> out = JsonMaps.map();
    out.put("backend", report.backend());
    out.put("ok", report.ok());
    out.put("model", report.model());
    out.put("message", report.message());
    out.put("error_kind", report.errorKind() == null ? null : Describe.kind(report.errorKind()));
    out.put("latency_ms", report.latency().toMillis());
    out.put("default_judge", services.judges().describeDefault(sampling));
    out.put("configured_backends", services.judges().configuredProviders());
    out.put("sampling_available", sampling);
    List<CircuitState> circuits = circuitsOf(report.backend());
    List<Map<String, Object>> states = new ArrayList<>();
    for (CircuitState c : circuits) {
      Map<String, Object> state = JsonMaps.map();
      state.put("model", c.model());
      state.put("status", c.status().name().toLowerCase(Locale.ROOT));
      state.put("down_since", c.downSince() == null ? null : c.downSince().toString());
      state.put("failures_in_a_row", c.failuresInARow());
      state.put("description", c.describe());
      states.add(state);
    }
    out.put("circuits", states);
    String text;
    if (report.ok()) {
      text = "OK: " + report.message();
    } else {
      // The report's message carries the fix for a configured backend that failed (and knows an HTTP
      // 500 from an unreachable host); only a backend that is not configured needs the setup advice.
      String fix = BackendNames.isSampling(report.backend())
          ? "\nHow to fix: Check that the host allows sampling requests."
          : services.judges().configuredProviders().contains(report.backend()) ? "" : "\nHow to fix: " + services.judges().howToConfigure(report.backend());
      text = "Not working: " + report.backend() + (report.model() == null ? "" : " (" + report.model() + ")") + ": " + report.message() + fix;
    }
    text += "\nDefault judge: " + services.judges().describeDefault(sampling)
        + "\nConfigured backends: " + (services.judges().configuredProviders().isEmpty() ? "none" : String.join(", ", services.judges().configuredProviders()))
        + "\nMCP sampling: " + (sampling ? "available (this client supports it)" : "not available (this client does not support it)");
    for (CircuitState c : circuits) {
      text += "\nCircuit breaker: " + c.describe();
    }
    return ToolResult.ok(text, out);
  }
}
