package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/** Collects the samples of one cell. Guarded by the run's lock. */
final class CellAccumulator {
  private SampleOutcome[] outcomes;
  /** Whether the samples beyond the first round were asked for (early stop found no agreement). */
  private boolean expanded;
  private int count;
  private boolean anyBackend;
  private boolean anyShared;

  CellAccumulator(int samples) {
    this.outcomes = new SampleOutcome[samples];
  }

  void add(int sample, SampleOutcome outcome, CellResult.Source source) {
    if (outcomes[sample] == null) {
      outcomes[sample] = outcome;
      count++;
      anyBackend |= source == CellResult.Source.BACKEND;
      anyShared |= source == CellResult.Source.SHARED;
    }
  }

  boolean isComplete() {
    return count == outcomes.length;
  }

  /**
   * With an early stop, called when a sample lands and the cell is not complete: if the first
   * round's {@code probe} samples are all in and agree, the cell is cut to them (and so complete);
   * if they are all in and disagree, returns {@code true} once, so the caller asks for the rest.
   */
  boolean afterProbe(int probe, EarlyStop rule) {
    if (expanded || count != probe) {
      return false;
    }
    for (int s = 0; s < probe; s++) {
      if (outcomes[s] == null) {
        return false;
      }
    }
    if (outcomes[0].judgment() instanceof Judgment.Scored a && outcomes[1].judgment() instanceof Judgment.Scored b
        && rule.agree(a.score(), b.score())) {
      outcomes = java.util.Arrays.copyOf(outcomes, probe);
      return false;
    }
    expanded = true;
    return true;
  }

  boolean allFromCache() {
    return !anyBackend && !anyShared;
  }

  CellResult.Source source() {
    return anyBackend ? CellResult.Source.BACKEND : anyShared ? CellResult.Source.SHARED : CellResult.Source.CACHE;
  }

  int attempts() {
    int sum = 0;
    for (SampleOutcome o : outcomes) {
      sum += o == null ? 0 : o.attempts();
    }
    return sum;
  }

  TokenUsage usage() {
    TokenUsage sum = TokenUsage.ZERO;
    for (SampleOutcome o : outcomes) {
      if (o != null) {
        sum = sum.plus(o.usage());
      }
    }
    return sum;
  }

  long latencyNanos() {
    long max = 0;
    for (SampleOutcome o : outcomes) {
      max = o == null ? max : Math.max(max, o.latencyNanos());
    }
    return max;
  }

  /**
   * One sample: its judgment. Several: the reduced score of the scored samples if at least as
   * many scored as abstained; else an abstention; failed samples only when nothing else came.
   */
  Judgment reduce(SampleReducer reducer) {
    if (outcomes.length == 1) {
      return outcomes[0].judgment();
    }
    List<Judgment.Scored> scored = new ArrayList<>();
    Judgment.Abstained abstained = null;
    int abstentions = 0;
    Judgment.Failed lastFailure = null;
    for (SampleOutcome o : outcomes) {
      switch (o.judgment()) {
        case Judgment.Scored s -> scored.add(s);
        case Judgment.Abstained a -> {
          abstentions++;
          abstained = abstained == null ? a : abstained;
        }
        case Judgment.Failed f -> lastFailure = f;
        case Judgment.Measured m -> {
          // a judge never answers with a measured value; nothing to reduce
        }
      }
    }
    if (!scored.isEmpty() && scored.size() >= abstentions) {
      double[] scores = scored.stream().mapToDouble(Judgment.Scored::score).toArray();
      double value = reducer.reduce(scores);
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      Judgment.Scored closest = scored.getFirst();
      double confidence = 0;
      int withConfidence = 0;
      for (Judgment.Scored s : scored) {
        min = Math.min(min, s.score());
        max = Math.max(max, s.score());
        if (Math.abs(s.score() - value) < Math.abs(closest.score() - value)) {
          closest = s;
        }
        if (!Double.isNaN(s.confidence())) {
          confidence += s.confidence();
          withConfidence++;
        }
      }
      return new Judgment.Scored(value, closest.reasoning(), withConfidence == 0 ? Double.NaN : confidence / withConfidence,
          max - min, scored.size(), false);
    }
    if (abstained != null) {
      return abstained;
    }
    return new Judgment.Failed(lastFailure.kind(), lastFailure.message(), attempts());
  }
}
