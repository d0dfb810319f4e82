package dev.decisionmatrix.rank;

import org.jspecify.annotations.Nullable;

/**
 * How far one criterion's weight can move, the others fixed, before the leader changes.
 *
 * @param criterion the criterion's name
 * @param weight its current weight
 * @param lowerFlip the largest weight below the current one at which another option takes the
 *     lead, or {@code NaN} if none down to the minimum weight 0.1
 * @param lowerLeader who leads below {@code lowerFlip}, or {@code null}
 * @param upperFlip the smallest weight above the current one at which another option takes the
 *     lead, or {@code NaN} if none up to the maximum weight 10
 * @param upperLeader who leads above {@code upperFlip}, or {@code null}
 */
public record WeightFlip(
    String criterion, double weight, double lowerFlip, @Nullable String lowerLeader, double upperFlip, @Nullable String upperLeader) {

  /**
   * Returns whether any weight in 0.1..10 for this criterion, the others fixed, changes the leader.
   *
   * @return {@code true} if {@link #lowerFlip()} or {@link #upperFlip()} is a number
   */
  public boolean canFlip() {
    return !Double.isNaN(lowerFlip) || !Double.isNaN(upperFlip);
  }
}
