package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.Overflow;
import java.util.concurrent.Semaphore;

/**
 * A limit on concurrent requests. Replaced as a whole when reconfigured; a request releases the
 * slot to the instance it acquired it from, so a change never loses or invents slots.
 */
public final class Capacity {

  private final int maxInFlight;
  private final Overflow overflow;
  private final Semaphore slots;

  /** Creates a limit of {@code maxInFlight} slots, at least 1. */
  public Capacity(int maxInFlight, Overflow overflow) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.overflow = overflow;
    this.slots = new Semaphore(maxInFlight, true);
  }

  /** Returns the number of slots. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Returns the overflow policy. */
  public Overflow overflow() {
    return overflow;
  }

  /** Takes a slot if one is free. */
  public boolean tryAcquire() {
    return slots.tryAcquire();
  }

  /** Waits for a slot, first come first served. */
  public void acquire() throws InterruptedException {
    slots.acquire();
  }

  /** Gives a slot back. */
  public void release() {
    slots.release();
  }

  @Override
  public String toString() {
    return maxInFlight + " in flight, " + overflow.name().toLowerCase(java.util.Locale.ROOT);
  }
}
