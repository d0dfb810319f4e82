package dev.decisionmatrix.store;

import java.util.Objects;

/**
 * A session before and after a {@link SessionCommand}, as {@link DecisionStore#apply} stored it.
 *
 * @param before the version the command was applied to
 * @param after the version stored, one revision later
 */
public record SessionChange(Session before, Session after) {
  /** Checks the arguments. */
  public SessionChange {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }
}
