package dev.decisionmatrix.store;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The store's service (a Redis server, say) could not be reached. Unlike other store failures its
 * message names no file of the server and carries no secret, so a server may show it to clients
 * as it is; retrying once the service is back can succeed.
 */
public class StoreUnavailableException extends DecisionStoreException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which service was unreachable (without credentials) and how to fix it
   * @param cause the underlying failure, may be {@code null}
   */
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
