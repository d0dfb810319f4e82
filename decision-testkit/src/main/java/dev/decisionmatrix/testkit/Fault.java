package dev.decisionmatrix.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * One fault the simulator can inject into the answer to a chat request. Faults are values: two
 * faults of the same kind and status are equal, so they serve as keys of {@link SimStats#faults()}.
 *
 * <p>What the client sees, per kind:
 *
 * <ul>
 *   <li>{@link Kind#HTTP_STATUS}: the status with an error body in the protocol's own error shape;
 *       429 also carries {@code Retry-After}, {@code retry-after-ms} and {@code
 *       x-ratelimit-reset-requests}; Bedrock errors carry {@code x-amzn-ErrorType}.
 *   <li>{@link Kind#TIMEOUT}: no answer at all; the request is held until the simulator closes
 *       (the client's own timeout fires first). A held request gives its capacity slot back.
 *   <li>{@link Kind#CONNECTION_RESET}: the TCP connection is closed without any response.
 *   <li>{@link Kind#MALFORMED_JSON}: status 200 whose body is the first half of a valid response.
 *   <li>{@link Kind#OUT_OF_RANGE_SCORE}: a well-formed response whose judgment has score 14.
 *   <li>{@link Kind#PROSE}: a well-formed response whose text is prose instead of JSON.
 *   <li>{@link Kind#TRUNCATED_BODY}: status 200, a {@code Content-Length} for the full body, half
 *       the body, then the connection closes.
 *   <li>{@link Kind#SLOW_DRIP}: status 200 and the full, valid body, sent {@value #DRIP_CHUNK_BYTES}
 *       bytes at a time with {@value #DRIP_PAUSE_MILLIS} ms between pieces, so the headers arrive
 *       at once but the answer takes seconds to complete (a stalled stream, not a hang).
 *   <li>{@link Kind#ECHO_CREDENTIALS}: status 401 whose error message quotes every request header
 *       verbatim, credentials included, as a careless proxy or gateway does: a client must never
 *       repeat such a message where a user, a log or a file can read it.
 * </ul>
 *
 * @param kind what goes wrong
 * @param status the HTTP status for {@link Kind#HTTP_STATUS} (400 to 599), otherwise 0
 */
public record Fault(Kind kind, int status) {

  /** The kinds of fault. */
  public enum Kind {
    /** No fault: the request is answered normally. */
    NONE,
    /** An HTTP error status with an error body. */
    HTTP_STATUS,
    /** The request is never answered. */
    TIMEOUT,
    /** The connection is closed without a response. */
    CONNECTION_RESET,
    /** A 200 response whose body is not valid JSON. */
    MALFORMED_JSON,
    /** A valid response whose judgment score is outside 1 to 10. */
    OUT_OF_RANGE_SCORE,
    /** A valid response whose text is prose, not JSON. */
    PROSE,
    /** A 200 response that ends before its declared length. */
    TRUNCATED_BODY,
    /** A valid 200 response whose body trickles in a few bytes at a time. */
    SLOW_DRIP,
    /** A 401 response whose error message quotes the request's headers, credentials included. */
    ECHO_CREDENTIALS
  }

  /** How many bytes of the body a {@link Kind#SLOW_DRIP} answer sends at a time. */
  public static final int DRIP_CHUNK_BYTES = 32;

  /** The pause in milliseconds between two pieces of a {@link Kind#SLOW_DRIP} answer. */
  public static final int DRIP_PAUSE_MILLIS = 100;

  private static final Fault NONE = new Fault(Kind.NONE, 0);

  /**
   * Creates a fault.
   *
   * @throws NullPointerException if {@code kind} is null
   * @throws IllegalArgumentException if the status is outside 400 to 599 for {@link
   *     Kind#HTTP_STATUS}, or not 0 for any other kind
   */
  public Fault {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.HTTP_STATUS) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(
            "status must be between 400 and 599 for an HTTP fault, got " + status);
      }
    } else if (status != 0) {
      throw new IllegalArgumentException("status must be 0 for fault kind " + kind + ", got " + status);
    }
  }

  /**
   * Returns the absence of a fault.
   *
   * @return the "no fault" value
   */
  public static Fault none() {
    return NONE;
  }

  /**
   * Returns an HTTP error fault, for example 429, 500, 502, 503 or 529 (Anthropic's "overloaded";
   * the other protocols send 529 too).
   *
   * @param status the HTTP status, 400 to 599
   * @return the fault
   * @throws IllegalArgumentException if the status is outside 400 to 599
   */
  public static Fault status(int status) {
    return new Fault(Kind.HTTP_STATUS, status);
  }

  /**
   * Returns the fault that never answers.
   *
   * @return the fault
   */
  public static Fault timeout() {
    return new Fault(Kind.TIMEOUT, 0);
  }

  /**
   * Returns the fault that closes the connection without a response.
   *
   * @return the fault
   */
  public static Fault connectionReset() {
    return new Fault(Kind.CONNECTION_RESET, 0);
  }

  /**
   * Returns the fault that answers 200 with a body that is not valid JSON.
   *
   * @return the fault
   */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 0);
  }

  /**
   * Returns the fault that answers a judgment with score 14.
   *
   * @return the fault
   */
  public static Fault outOfRangeScore() {
    return new Fault(Kind.OUT_OF_RANGE_SCORE, 0);
  }

  /**
   * Returns the fault that answers prose instead of a JSON judgment.
   *
   * @return the fault
   */
  public static Fault prose() {
    return new Fault(Kind.PROSE, 0);
  }

  /**
   * Returns the fault that sends half the body of a response that declares its full length.
   *
   * @return the fault
   */
  public static Fault truncatedBody() {
    return new Fault(Kind.TRUNCATED_BODY, 0);
  }

  /**
   * Returns the fault that sends a valid answer a few bytes at a time, slowly.
   *
   * @return the fault
   */
  public static Fault slowDrip() {
    return new Fault(Kind.SLOW_DRIP, 0);
  }

  /**
   * Returns the fault that answers 401 with an error message quoting the request's headers.
   *
   * @return the fault
   */
  public static Fault echoCredentials() {
    return new Fault(Kind.ECHO_CREDENTIALS, 0);
  }

  /**
   * Tells whether this is the absence of a fault.
   *
   * @return true for {@link Kind#NONE}
   */
  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /**
   * Parses a fault label as printed by {@link #toString()}: {@code none}, an HTTP status such as
   * {@code 503} or {@code http-503}, {@code timeout}, {@code reset}, {@code malformed-json}, {@code
   * out-of-range}, {@code prose}, {@code truncated}, {@code drip} or {@code echo}.
   *
   * @param label the label, case-insensitive
   * @return the fault
   * @throws IllegalArgumentException if the label names no fault
   */
  public static Fault parse(String label) {
    String s = label.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "none":
        return none();
      case "timeout":
        return timeout();
      case "reset":
      case "connection-reset":
        return connectionReset();
      case "malformed":
      case "malformed-json":
        return malformedJson();
      case "out-of-range":
      case "out-of-range-score":
        return outOfRangeScore();
      case "prose":
        return prose();
      case "truncated":
      case "truncated-body":
        return truncatedBody();
      case "drip":
      case "slow-drip":
        return slowDrip();
      case "echo":
      case "echo-credentials":
        return echoCredentials();
      default:
        String digits = s.startsWith("http-") ? s.substring(5) : s;
        try {
          return status(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "fault must be none, an HTTP status (400-599), timeout, reset, malformed-json,"
                  + " out-of-range, prose, truncated, drip or echo, got '" + label + "'",
              e);
        }
    }
  }

  /**
   * Returns the label of this fault, for example {@code http-503} or {@code timeout}; {@link
   * #parse(String)} reads it back.
   *
   * @return the label
   */
  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "none";
      case HTTP_STATUS -> "http-" + status;
      case TIMEOUT -> "timeout";
      case CONNECTION_RESET -> "reset";
      case MALFORMED_JSON -> "malformed-json";
      case OUT_OF_RANGE_SCORE -> "out-of-range";
      case PROSE -> "prose";
      case TRUNCATED_BODY -> "truncated";
      case SLOW_DRIP -> "drip";
      case ECHO_CREDENTIALS -> "echo";
    };
  }
}
