package dev.decisionmatrix.rank;

import java.util.List;

/**
 * The acceptance test of a compromise ranking (VIKOR, Opricovic and Tzeng 2004): whether the best
 * option by Q has an acceptable advantage over the runner-up (condition C1) and is stable, that is
 * also best by S or by R (condition C2). When either fails, no single option is the compromise
 * solution and {@link #options()} lists the compromise set instead.
 *
 * @param acceptableAdvantage C1: {@code Q(a2) - Q(a1) >= 1/(n-1)}
 * @param acceptableStability C2: the best option by Q is also best (or tied best) by S or by R
 * @param options the compromise solution: one option when both conditions hold, otherwise every
 *     option of the compromise set, best first; empty when nothing is ranked
 * @param explanation one sentence for people saying which conditions hold
 */
public record Compromise(boolean acceptableAdvantage, boolean acceptableStability, List<String> options, String explanation) {

  /** Copies the list. */
  public Compromise {
    options = List.copyOf(options);
  }

  /**
   * Returns whether both conditions hold, so that the leader is the single compromise solution.
   *
   * @return {@code true} if C1 and C2 hold
   */
  public boolean accepted() {
    return acceptableAdvantage && acceptableStability;
  }
}
