package dev.decisionmatrix.store;

import java.io.Serial;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a session is asked for by id but the store does not hold it: it never existed, was
 * deleted, was evicted, or expired. The message names the id and says how to find the sessions
 * that exist, so it can be shown to a person or an agent as is.
 */
public final class SessionNotFoundException extends DecisionStoreException {
  @Serial private static final long serialVersionUID = 1L;

  /** The id that was asked for. */
  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the id that was asked for
   * @param ttl how long sessions live without use, to explain expiry in the message; {@code null}
   *     if unknown (the message then says "a while")
   */
  public SessionNotFoundException(String sessionId, @Nullable Duration ttl) {
    super("No session \"" + sessionId + "\": it does not exist, was deleted, or expired (sessions expire after "
        + describe(ttl) + " without use). Call list_sessions to find the sessions that exist, or create a new session.");
    this.sessionId = sessionId;
  }

  /**
   * Returns the id that was asked for.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }

  static String describe(@Nullable Duration ttl) {
    if (ttl == null) {
      return "a while";
    }
    long seconds = ttl.getSeconds();
    if (ttl.getNano() != 0 || seconds < 1) {
      return ttl.toString();
    }
    if (seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
