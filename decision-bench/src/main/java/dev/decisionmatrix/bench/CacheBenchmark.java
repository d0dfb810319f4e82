package dev.decisionmatrix.bench;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.Judgment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The default cache's hit and miss cost, and the cost of hashing a cell into its key. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheBenchmark {

  private EvaluationCache cache;
  private CacheKey present;
  private CacheKey absent;
  private int next;

  @Setup
  public void setUp() {
    cache = EvaluationCache.inMemory(100_000, Duration.ofHours(1));
    for (int i = 0; i < 5_000; i++) {
      cache.put(key(i), Judgment.Scored.of(5, Matrices.REASONING, 0.8));
    }
    present = key(1234);
    absent = key(-1);
  }

  private static CacheKey key(int i) {
    return CacheKey.builder()
        .field("prompt", JudgePrompt.VERSION)
        .field("topic", "Which cloud provider for our EU workloads?")
        .field("option", "Option " + i)
        .field("optionDescription", "A candidate numbered " + i + " with its own strengths and weaknesses.")
        .field("criterion", "Criterion " + (i % 50))
        .field("criterionDescription", "How well the option does on this aspect.")
        .field("rubric", "")
        .field("direction", "benefit")
        .field("backend", "openai")
        .field("model", "gpt-4o-mini")
        .field("temperature", 0.0)
        .field("maxTokens", 1024)
        .field("sample", 0)
        .build();
  }

  @Benchmark
  public Judgment hit() {
    return cache.get(present);
  }

  @Benchmark
  public Judgment miss() {
    return cache.get(absent);
  }

  @Benchmark
  public CacheKey keyHashing() {
    return key(next++ & 1023);
  }
}
