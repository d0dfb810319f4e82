package dev.decisionmatrix.store;

import java.io.Serial;

/**
 * A change was made against a revision of a session that is no longer current: another writer
 * changed the session after the caller read it. Read the session again, decide whether the change
 * still makes sense, and apply it to the new revision.
 */
public final class SessionConflictException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** The session's id. */
  private final String sessionId;
  /** The revision the change was made against. */
  private final long expectedRevision;
  /** The session's revision when the change was refused. */
  private final long actualRevision;

  /**
   * Creates the exception.
   *
   * @param sessionId the session
   * @param expectedRevision the revision the change was made against
   * @param actualRevision the session's current revision
   */
  public SessionConflictException(String sessionId, long expectedRevision, long actualRevision) {
    super("session \"" + sessionId + "\" is at revision " + actualRevision + " but the change was made against revision "
        + expectedRevision + ": someone changed it meanwhile. Read the session again and re-apply the change if it still holds.");
    this.sessionId = sessionId;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }

  /**
   * Returns the session's id.
   *
   * @return the id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Returns the revision the change was made against.
   *
   * @return the expected revision
   */
  public long expectedRevision() {
    return expectedRevision;
  }

  /**
   * Returns the session's revision when the change was refused.
   *
   * @return the current revision
   */
  public long actualRevision() {
    return actualRevision;
  }
}
