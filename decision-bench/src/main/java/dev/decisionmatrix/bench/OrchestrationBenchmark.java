package dev.decisionmatrix.bench;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.JudgmentParser;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-cell orchestration overhead: evaluating a 10 x 10 decision through the engine (cache off, so
 * every cell is a real call to a zero-latency in-process backend) against calling that backend
 * and parsing its answer directly for the same 100 cells. The difference per cell is what the
 * engine adds: key hashing, prompt building, dispatch, a virtual thread, bookkeeping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OrchestrationBenchmark {

  private static final int CELLS = 100;

  private DecisionEngine engine;
  private Decision decision;
  private LlmBackend backend;
  private List<ChatRequest> requests;

  @Setup(Level.Trial)
  public void setUp() {
    backend = Matrices.instant();
    decision = Matrices.decision("Orchestration overhead", 10, 10);
    engine = DecisionEngine.builder(backend).maxConcurrency(64).cache(EvaluationCache.none()).build();
    requests = decision.options().stream()
        .flatMap(o -> decision.criteria().stream().map(c -> new ChatRequest(JudgePrompt.system(),
            List.of(ChatMessage.user(JudgePrompt.user(decision.topic(), c, o, 0))), null, 0.0, 1024, JudgePrompt.SCHEMA)))
        .toList();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** The engine judging 100 cells; reported per cell. */
  @Benchmark
  @OperationsPerInvocation(CELLS)
  public Evaluation engine() {
    return engine.evaluate(decision);
  }

  /** The baseline: the same 100 calls and parses, one after another, no engine; per cell. */
  @Benchmark
  @OperationsPerInvocation(CELLS)
  public double direct() {
    double sum = 0;
    for (ChatRequest request : requests) {
      sum += JudgmentParser.parse(backend.chat(request).text()).hashCode();
    }
    return sum;
  }
}
