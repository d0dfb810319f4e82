package dev.decisionmatrix.bench;

import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.engine.AdaptiveTimeout;
import dev.decisionmatrix.engine.CircuitState;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.HedgePolicy;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The load benchmark's fault scenarios: one 50x20 decision at engine capacity C = 4 against the
 * simulator, healthy, then with 20 % of requests hanging, 10 % answering 500 and 10 % resetting the
 * connection (with the engine's defaults, and with a tighter timeout floor and hedge share), then
 * with the provider fully down (every call 500, or connection refused). Every engine is fresh, so
 * it starts knowing nothing about the provider's latency. Targets: the faulty run within 2 x the
 * healthy wall, the fully-down runs under 10 s.
 */
final class FaultScenarios {

  static final int CAPACITY = 4;
  private static final int OPTIONS = 50;
  private static final int CRITERIA = 20;

  private final LlmSimulator sim;
  private final List<String> table;
  private int topics;

  FaultScenarios(LlmSimulator sim, List<String> table) {
    this.sim = sim;
    this.table = table;
  }

  Map<String, Object> run() throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("capacity", CAPACITY);
    out.put("cells", OPTIONS * CRITERIA);
    LlmBackend backend = backend(sim.baseUrl() + "/v1");
    try {
      Map<String, Object> healthy = scenario("healthy", backend, b -> b);
      double healthyMs = (double) healthy.get("wallMs");
      out.put("healthy", healthy);
      sim.setFaultRate(0.4, Fault.timeout(), Fault.timeout(), Fault.status(500), Fault.connectionReset());
      Map<String, Object> faults = scenario("20 % hangs + 10 % 500s + 10 % resets, engine defaults", backend, b -> b);
      faults.put("overHealthy", round((double) faults.get("wallMs") / healthyMs));
      out.put("faultsDefaults", faults);
      Map<String, Object> tuned = scenario("20 % hangs + 10 % 500s + 10 % resets, timeout 2 x p95 (floor 150 ms), hedges after p90 for 30 %", backend,
          b -> b.adaptiveTimeout(new AdaptiveTimeout(0.95, 2, Duration.ofMillis(150), 20))
              .hedging(new HedgePolicy(0.9, 0.3, 20, Duration.ofMillis(10))));
      tuned.put("overHealthy", round((double) tuned.get("wallMs") / healthyMs));
      out.put("faultsTuned", tuned);
      sim.setFaultRate(1.0, Fault.status(500));
      out.put("down500", scenario("fully down: every call 500", backend, b -> b));
      sim.setFaultRate(0);
    } finally {
      sim.setFaultRate(0);
      if (backend instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // a benchmark backend that fails to close changes no figure
        }
      }
    }
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // closed again before the scenario: connections are refused
    }
    LlmBackend refused = backend("http://127.0.0.1:" + closedPort + "/v1");
    try {
      out.put("downRefused", scenario("fully down: connection refused", refused, b -> b));
    } finally {
      if (refused instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // as above
        }
      }
    }
    return out;
  }

  private static LlmBackend backend(String baseUrl) {
    return OpenAiBackend.builder().baseUrl(baseUrl).apiKey("bench-key").model("bench-model").requestTimeout(Duration.ofSeconds(60)).build();
  }

  private Map<String, Object> scenario(String name, LlmBackend backend, UnaryOperator<DecisionEngine.Builder> tune) {
    Decision decision = Matrices.decision("Fault scenario " + (++topics) + " at " + Instant.now(), OPTIONS, CRITERIA);
    sim.reset();
    Evaluation evaluation;
    long start = System.nanoTime();
    try (DecisionEngine engine = tune.apply(DecisionEngine.builder(backend).maxConcurrency(CAPACITY).deadline(Duration.ofMinutes(10))).build()) {
      evaluation = engine.evaluate(decision);
    }
    double wallMs = (System.nanoTime() - start) / 1e6;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("scenario", name);
    row.put("wallMs", round(wallMs));
    row.put("scored", evaluation.counts().scored());
    row.put("failed", evaluation.stats().failed());
    row.put("calls", evaluation.stats().calls());
    row.put("hedges", evaluation.stats().hedges());
    row.put("retries", evaluation.stats().retries());
    row.put("simulatorRequests", sim.stats().requests());
    List<String> open = new ArrayList<>();
    for (CircuitState c : evaluation.stats().openCircuits()) {
      open.add(c.describe());
    }
    row.put("openCircuits", open);
    table.add(String.format(Locale.ROOT, "| faults C=%d %dx%d: %s | %d | %d | %.1f | | | | | | | %d scored, %d failed, %d hedges, %d retries%s |",
        CAPACITY, OPTIONS, CRITERIA, name, decision.cellCount(), evaluation.stats().calls(), wallMs, evaluation.counts().scored(),
        evaluation.stats().failed(), evaluation.stats().hedges(), evaluation.stats().retries(), open.isEmpty() ? "" : ", circuit open"));
    return row;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
