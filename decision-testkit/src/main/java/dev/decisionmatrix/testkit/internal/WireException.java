package dev.decisionmatrix.testkit.internal;

/** A request the wire format rejects, with the status to answer. */
public final class WireException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** Creates the exception. */
  public WireException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** Returns the HTTP status to answer. */
  public int status() {
    return status;
  }

  /** A 400 for a request that breaks the format. */
  public static WireException invalid(String message) {
    return new WireException(400, message);
  }
}
