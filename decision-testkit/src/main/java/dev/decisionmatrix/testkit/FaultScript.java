package dev.decisionmatrix.testkit;

import dev.decisionmatrix.testkit.internal.FaultScripts;
import java.util.List;
import java.util.Objects;

/**
 * Decides which fault, if any, the simulator injects into the answer to a chat request. A lambda
 * is a fault script: {@code r -> "B".equals(r.option()) ? Fault.status(500) : Fault.none()}.
 *
 * <p>Implementations must be thread-safe: the simulator calls them from many request threads.
 */
@FunctionalInterface
public interface FaultScript {

  /**
   * Returns the fault for a request.
   *
   * @param request the request (its {@link SimRequest#sequence()} numbers it)
   * @return the fault, {@link Fault#none()} for a normal answer; null is taken as none
   */
  Fault faultFor(SimRequest request);

  /**
   * Returns this script's fault, or when it is none, the other script's fault.
   *
   * @param other the script consulted when this one returns none
   * @return the combined script
   * @throws NullPointerException if {@code other} is null
   */
  default FaultScript orElse(FaultScript other) {
    Objects.requireNonNull(other, "other");
    return FaultScripts.orElse(this, other);
  }

  /**
   * Returns the script that never injects a fault.
   *
   * @return the script
   */
  static FaultScript none() {
    return FaultScripts.none();
  }

  /**
   * Returns a script that applies the given faults to the next requests, one each, in order of
   * arrival, and then answers normally. {@link Fault#none()} in the list lets one request through.
   * The script is consumed as it is used; it is safe for concurrent requests.
   *
   * @param faults the faults for the next {@code faults.length} requests
   * @return the script
   * @throws NullPointerException if a fault is null
   */
  static FaultScript sequence(Fault... faults) {
    return FaultScripts.sequence(List.of(faults));
  }

  /**
   * Returns a script that applies the given faults to the next requests, as {@link
   * #sequence(Fault...)}.
   *
   * @param faults the faults for the next {@code faults.size()} requests
   * @return the script
   * @throws NullPointerException if the list or a fault is null
   */
  static FaultScript sequence(List<Fault> faults) {
    return FaultScripts.sequence(List.copyOf(faults));
  }

  /**
   * Returns a script that applies the same fault to every request.
   *
   * @param fault the fault
   * @return the script
   * @throws NullPointerException if {@code fault} is null
   */
  static FaultScript always(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    return FaultScripts.always(fault);
  }

  /**
   * Returns a script that injects a fault with the given probability per request, choosing it
   * uniformly from {@code mix}. The choice is a pure function of the seed and the request's
   * {@linkplain SimRequest#sequence() sequence number} (a {@link java.util.Random} seeded from
   * both), so a run with sequential requests is reproducible.
   *
   * @param rate the probability of a fault, 0 to 1
   * @param seed the seed
   * @param mix the faults to choose from; none given means {@link #transientFaults()}
   * @return the script
   * @throws IllegalArgumentException if the rate is outside 0 to 1
   * @throws NullPointerException if a fault is null
   */
  static FaultScript rate(double rate, long seed, Fault... mix) {
    return FaultScripts.rate(rate, seed, List.of(mix));
  }

  /**
   * Returns the faults {@link #rate(double, long, Fault...)} chooses from when none are given:
   * the transient ones a robust client retries (429, 500, 502, 503).
   *
   * @return the default mix
   */
  static List<Fault> transientFaults() {
    return FaultScripts.TRANSIENT;
  }
}
