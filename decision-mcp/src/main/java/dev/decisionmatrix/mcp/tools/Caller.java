package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who a request comes from. Every decision session belongs to the caller that created it, and a
 * caller sees, changes, evaluates and deletes only its own: another caller's session answers
 * exactly like one that does not exist.
 *
 * <p>Over stdio, and over HTTP with no token or a single {@code DECISION_MATRIX_HTTP_TOKEN}, there
 * is one caller, the {@linkplain #LOCAL local user}, whose sessions have no owner. An HTTP server
 * started with a tokens file maps each token to a named principal.
 *
 * @param principal the principal's name, or {@code null} for the local user
 */
public record Caller(@Nullable String principal) {

  /** The local user: the only caller over stdio and over HTTP without a tokens file. */
  public static final Caller LOCAL = new Caller(null);

  /** The key under which the HTTP transport puts the caller into the SDK's transport context. */
  public static final String CONTEXT_KEY = "dev.decisionmatrix/caller";

  /**
   * Returns a named principal.
   *
   * @param name the principal's name
   * @return the caller
   */
  public static Caller named(String name) {
    return new Caller(name);
  }

  /**
   * Tells whether a session's owner is this caller.
   *
   * @param owner the session's {@link dev.decisionmatrix.store.Session#owner()}
   * @return {@code true} if the session belongs to this caller
   */
  public boolean owns(@Nullable String owner) {
    return principal == null ? owner == null : principal.equals(owner);
  }

  /**
   * Returns the caller the HTTP transport put into a request's transport context: the local user
   * when there is none (stdio, or a context without a caller).
   *
   * @param context the SDK's transport context, may be {@code null}
   * @return the caller
   */
  public static Caller of(@Nullable McpTransportContext context) {
    return context != null && context.get(CONTEXT_KEY) instanceof Caller c ? c : LOCAL;
  }

  /**
   * Returns a transport context that carries a caller.
   *
   * @param caller the caller
   * @return the context
   */
  public static McpTransportContext context(Caller caller) {
    return McpTransportContext.create(Map.of(CONTEXT_KEY, caller));
  }

  @Override
  public String toString() {
    return principal == null ? "the local user" : "principal \"" + principal + "\"";
  }
}
