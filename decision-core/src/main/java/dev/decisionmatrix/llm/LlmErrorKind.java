package dev.decisionmatrix.llm;

/**
 * What kind of failure a backend call had, and whether trying again can help.
 *
 * <p>The engine retries {@linkplain #retryable() retryable} kinds with exponential backoff and full
 * jitter, shrinks the backend's concurrency on {@link #RATE_LIMITED} and {@link #OVERLOADED}, and
 * re-asks once on {@link #INVALID_ANSWER}.
 */
public enum LlmErrorKind {
  /** HTTP 429 or the provider's throttling error; honour the retry-after hint. */
  RATE_LIMITED(true),
  /** The provider is overloaded (HTTP 503, Anthropic's 529). */
  OVERLOADED(true),
  /** A fault that may pass: I/O error, connection reset, HTTP 500/502/504. */
  TRANSIENT(true),
  /** The call took longer than its timeout. */
  TIMEOUT(true),
  /** Bad or missing credentials, or no permission (HTTP 401/403). */
  AUTHENTICATION(false),
  /** The request was rejected as malformed, or the model is unknown (HTTP 400/404/422). */
  BAD_REQUEST(false),
  /** The model answered, but not with a valid judgment. */
  INVALID_ANSWER(false),
  /** The call was cancelled or the evaluation's deadline passed. */
  CANCELLED(false),
  /** Anything else; treated as permanent. */
  UNKNOWN(false);

  private final boolean retryable;

  LlmErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Returns whether the same call may succeed if tried again after a while.
   *
   * @return {@code true} for {@link #RATE_LIMITED}, {@link #OVERLOADED}, {@link #TRANSIENT} and
   *     {@link #TIMEOUT}
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Returns whether the backend asks callers to slow down (the engine then shrinks its limit).
   *
   * @return {@code true} for {@link #RATE_LIMITED} and {@link #OVERLOADED}
   */
  public boolean isBackpressure() {
    return this == RATE_LIMITED || this == OVERLOADED;
  }
}
