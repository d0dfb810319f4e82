package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.CircuitState;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.mcp.judge.BackendNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code test_backend_connection}: sends one tiny request to a judge and says whether it works. */
final class ConnectionTool {

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
          "backend":{"type":"string","enum":["sampling","openai","litellm","anthropic","ollama","bedrock"],
            "description":"The judge to test; default: the one evaluate_options would use."},
          "model_backend":{"type":"string","description":"Alias of backend."}}}""",
        """
        {"type":"object","properties":{
          "backend":{"type":"string"},"ok":{"type":"boolean"},"model":{"type":["string","null"]},
          "message":{"type":"string"},"error_kind":{"type":["string","null"]},"latency_ms":{"type":"integer"},
          "default_judge":{"type":"string"},"configured_backends":{"type":"array","items":{"type":"string"}},
          "sampling_available":{"type":"boolean"},
          "circuits":{"type":"array","items":{"type":"object","properties":{
            "model":{"type":["string","null"]},"status":{"type":"string","enum":["closed","open","half_open"]},
            "down_since":{"type":["string","null"]},"failures_in_a_row":{"type":"integer"},"description":{"type":"string"}}}}},
          "required":["backend","ok","message","default_judge","configured_backends","sampling_available"]}""",
        ToolDefinition.hints(true, false, true, true),
        (args, ctx) -> {
          String name = args.text("backend", "model_backend");
          if (name != null && name.isBlank()) {
            name = null;
          }
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
            String hint = report.errorKind() == null ? "" : " " + LlmBackend.hintFor(report.errorKind());
            text = "Not working: " + report.backend() + (report.model() == null ? "" : " (" + report.model() + ")") + ": " + report.message()
                + "\nHow to fix:" + hint
                + (BackendNames.isSampling(report.backend()) ? " Check that the host allows sampling requests." : " " + services.judges().howToConfigure(report.backend()));
          }
          text += "\nDefault judge: " + services.judges().describeDefault(sampling)
              + "\nConfigured backends: " + (services.judges().configuredProviders().isEmpty() ? "none" : String.join(", ", services.judges().configuredProviders()))
              + "\nMCP sampling: " + (sampling ? "available (this client supports it)" : "not available (this client does not support it)");
          for (CircuitState c : circuits) {
            text += "\nCircuit breaker: " + c.describe();
          }
          return ToolResult.ok(text, out);
        });
  }
}
