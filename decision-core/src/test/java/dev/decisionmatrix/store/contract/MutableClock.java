package dev.decisionmatrix.store.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so expiry is tested without sleeping. */
public final class MutableClock implements InstantSource {

  private volatile Instant now;

  /**
   * Starts the clock.
   *
   * @param start the first instant
   */
  public MutableClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Moves the clock.
   *
   * @param by how far
   */
  public void advance(Duration by) {
    now = now.plus(by);
  }
}
