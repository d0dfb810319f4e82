package dev.decisionmatrix.engine;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one backend and model's circuit breaker ({@link CircuitBreakerPolicy}).
 *
 * @param backend the backend's id
 * @param model the model, or {@code null} for the backend's default
 * @param status closed (calls flow), open (calls fail at once) or half-open (one probe is out)
 * @param downSince when the circuit last opened after being closed, or {@code null} while closed
 * @param failuresInARow the counted failures since the last success
 * @param lastFailure the last counted failure's message, or {@code null}
 */
public record CircuitState(
    String backend, @Nullable String model, Status status, @Nullable Instant downSince, int failuresInARow, @Nullable String lastFailure) {

  /** Whether calls flow. */
  public enum Status {
    /** Calls reach the provider. */
    CLOSED,
    /** Calls fail at once without reaching the provider. */
    OPEN,
    /** One probe call is out; the others fail at once until it answers. */
    HALF_OPEN
  }

  /**
   * Validates the state.
   *
   * @throws NullPointerException if {@code backend} or {@code status} is null
   */
  public CircuitState {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Returns a sentence for people, such as "openai/gpt-4o: open since 2026-12-03T13:20:01Z after 20 failures in a row".
   *
   * @return the description
   */
  public String describe() {
    String name = backend + (model == null ? "" : "/" + model);
    return switch (status) {
      case CLOSED -> name + ": circuit closed, calls flow" + (failuresInARow == 0 ? "" : " (" + failuresInARow + " failure(s) in a row)");
      case OPEN -> name + ": circuit open, the provider is down since " + downSince + " after " + failuresInARow
          + " failures in a row" + (lastFailure == null ? "" : " (last: " + lastFailure + ")");
      case HALF_OPEN -> name + ": circuit half-open since " + downSince + ", one probe call is testing whether the provider is back";
    };
  }
}
