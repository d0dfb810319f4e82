package dev.decisionmatrix.judge;

import dev.decisionmatrix.api.Incubating;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The cells of one batched answer, by criterion position: each either a judgment (scored or
 * abstained) or the problem that made it unusable (missing, repeated, or invalid on its own).
 * Made by {@link JudgmentParser#parseBatch}; immutable.
 */
@Incubating
public final class BatchAnswer {

  private final @Nullable Judgment[] judgments;
  private final @Nullable String[] problems;

  BatchAnswer(@Nullable Judgment[] judgments, @Nullable String[] problems) {
    this.judgments = judgments.clone();
    this.problems = problems.clone();
  }

  /**
   * Returns how many criteria the call asked about.
   *
   * @return the count
   */
  public int size() {
    return judgments.length;
  }

  /**
   * Returns the judgment for a criterion, or {@code null} when its entry was unusable.
   *
   * @param index the criterion's 0-based position in the call
   * @return the judgment, or {@code null}
   */
  public @Nullable Judgment judgment(int index) {
    return judgments[index];
  }

  /**
   * Returns why a criterion's entry was unusable, or {@code null} when it gave a judgment.
   *
   * @param index the criterion's 0-based position in the call
   * @return the problem, or {@code null}
   */
  public @Nullable String problem(int index) {
    return problems[index];
  }

  /**
   * Returns how many criteria got a usable judgment.
   *
   * @return the count
   */
  public int usable() {
    return (int) Arrays.stream(judgments).filter(j -> j != null).count();
  }
}
