package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One backend and model's circuit breaker under a {@link CircuitBreakerPolicy}: counts failures in
 * a row, opens, lets one probe through after the open time, and closes on its success. Time is the
 * engine's {@link Ticker}; the wall clock only stamps "down since". Thread-safe.
 */
final class CircuitBreaker {

  private final String backend;
  private final @Nullable String model;
  private final CircuitBreakerPolicy policy;
  private final Ticker ticker;
  private final Clock clock;

  // Guarded by this.
  private CircuitState.Status status = CircuitState.Status.CLOSED;
  private int failuresInARow;
  private long openedNanos;
  private @Nullable Instant downSince;
  private @Nullable String lastFailure;
  private boolean probeOut;

  CircuitBreaker(String backend, @Nullable String model, CircuitBreakerPolicy policy, Ticker ticker, Clock clock) {
    this.backend = backend;
    this.model = model;
    this.policy = policy;
    this.ticker = ticker;
    this.clock = clock;
  }

  /** Whether a failure of this kind says the provider may be down. */
  static boolean counts(LlmErrorKind kind) {
    return kind == LlmErrorKind.TRANSIENT || kind == LlmErrorKind.OVERLOADED || kind == LlmErrorKind.TIMEOUT;
  }

  /**
   * Lets a call through, or refuses it while the circuit is open.
   *
   * @return whether the call is a probe (its outcome decides the circuit)
   * @throws CircuitOpenException if the circuit is open or a probe is already out
   */
  synchronized boolean admit() {
    switch (status) {
      case CLOSED -> {
        return false;
      }
      case OPEN -> {
        if (ticker.read() - openedNanos >= policy.openFor().toNanos()) {
          status = CircuitState.Status.HALF_OPEN;
          probeOut = true;
          return true;
        }
      }
      case HALF_OPEN -> {
        if (!probeOut) {
          probeOut = true;
          return true;
        }
      }
    }
    throw new CircuitOpenException(refusal(), backend, model);
  }

  private String refusal() {
    long waitMs = Math.max(0, (policy.openFor().toNanos() - (ticker.read() - openedNanos)) / 1_000_000);
    return "the provider is down since " + downSince + ": " + failuresInARow + " calls in a row failed"
        + (lastFailure == null ? "" : " (last: " + lastFailure + ")") + "; the circuit breaker stops calls to it"
        + (status == CircuitState.Status.HALF_OPEN ? " while a probe call tests whether it is back" : " and probes again in " + waitMs + " ms")
        + ". Evaluate again once the provider is back: only the failed cells are asked again";
  }

  /** A call answered: the provider is up. */
  synchronized void onSuccess() {
    status = CircuitState.Status.CLOSED;
    failuresInARow = 0;
    downSince = null;
    lastFailure = null;
    probeOut = false;
  }

  /** A call failed; opens the circuit on the threshold or on a failed probe. */
  synchronized void onFailure(LlmException e, boolean probe) {
    if (!counts(e.kind())) {
      if (probe) {
        probeOut = false; // the probe said nothing about being down: let the next call probe
      }
      return;
    }
    failuresInARow++;
    lastFailure = e.getMessage();
    if (probe || (status == CircuitState.Status.CLOSED && failuresInARow >= policy.failures())) {
      if (status == CircuitState.Status.CLOSED) {
        downSince = clock.instant();
        EngineContext.LOG.log(System.Logger.Level.WARNING, "{0}{1} looks down after {2} failed calls in a row (last: {3});"
            + " calls to it fail at once until a probe succeeds", backend, model == null ? "" : "/" + model, failuresInARow, lastFailure);
      }
      status = CircuitState.Status.OPEN;
      openedNanos = ticker.read();
      probeOut = false;
    }
  }

  /** A probe that was let through ended without an outcome (cancelled): the next call may probe. */
  synchronized void probeAbandoned() {
    probeOut = false;
  }

  synchronized CircuitState state() {
    if (status == CircuitState.Status.OPEN && ticker.read() - openedNanos >= policy.openFor().toNanos()) {
      return new CircuitState(backend, model, CircuitState.Status.HALF_OPEN, downSince, failuresInARow, lastFailure);
    }
    return new CircuitState(backend, model, status, downSince, failuresInARow, lastFailure);
  }
}
