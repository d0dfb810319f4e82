package dev.decisionmatrix.bench;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.judge.JudgmentParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing a judgment answer: exact JSON (the common case) and JSON wrapped in a fence and prose. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {

  private final String exact = "{\"score\": 7.5, \"reasoning\": \"" + Matrices.REASONING + "\", \"confidence\": 0.8}";
  private final String fenced = "Here is my assessment:\n```json\n" + exact + "\n```\nLet me know if you need more.";

  @Benchmark
  public Judgment exactJson() {
    return JudgmentParser.parse(exact);
  }

  @Benchmark
  public Judgment fencedJson() {
    return JudgmentParser.parse(fenced);
  }
}
