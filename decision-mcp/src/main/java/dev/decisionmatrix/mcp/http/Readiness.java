package dev.decisionmatrix.mcp.http;

import org.jspecify.annotations.Nullable;

/**
 * Whether the server can serve requests now, for a load balancer's readiness probe ({@code
 * /readyz}): the session store and the judgment cache answer. Implementations are quick (a
 * round trip at most) and never throw.
 */
@FunctionalInterface
public interface Readiness {

  /**
   * Checks the server's dependencies.
   *
   * @return {@code null} when ready, else a short plain reason without secrets or host names, such
   *     as {@code "Redis does not answer"}
   */
  @Nullable String problem();

  /**
   * Returns a readiness that is always ready, for servers without external dependencies.
   *
   * @return the readiness
   */
  static Readiness always() {
    return () -> null;
  }
}
