package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.mcp.judge.SamplingClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

/**
 * What a tool handler may use of the MCP request it serves: the client's sampling, progress and
 * log notifications, and the request's key for cancellation. Implementations never throw from
 * {@link #progress} or {@link #log}: a notification that cannot be sent is dropped.
 */
public interface ToolContext {

  /** Returns the client's sampling, or {@code null} if the client does not declare the capability. */
  @Nullable SamplingClient sampling();

  /** Returns whether the request carries a progress token (progress is only sent then). */
  boolean wantsProgress();

  /**
   * Sends a progress notification if the request carries a progress token; else does nothing.
   *
   * @param done work done so far
   * @param total all work
   * @param message what was just done
   */
  void progress(double done, double total, String message);

  /**
   * Sends a log notification to the client (the client's log level filters it).
   *
   * @param level the level
   * @param message the message, never containing secrets
   */
  void log(McpSchema.LoggingLevel level, String message);

  /**
   * Returns the key under which a {@code notifications/cancelled} for this request arrives, or
   * {@code null} if the request cannot be cancelled.
   */
  @Nullable String requestKey();

  /**
   * Returns who sent the request: the sessions a tool may see are this caller's.
   *
   * @return the caller; {@link Caller#LOCAL} unless the transport names a principal
   */
  default Caller caller() {
    return Caller.LOCAL;
  }

  /**
   * Returns a context with no sampling, no progress token and no cancellation, for a caller.
   *
   * @param caller who sent the request
   * @return the context
   */
  static ToolContext of(Caller caller) {
    java.util.Objects.requireNonNull(caller, "caller");
    return new ToolContext() {
      @Override
      public @Nullable SamplingClient sampling() {
        return null;
      }

      @Override
      public boolean wantsProgress() {
        return false;
      }

      @Override
      public void progress(double done, double total, String message) {}

      @Override
      public void log(McpSchema.LoggingLevel level, String message) {}

      @Override
      public @Nullable String requestKey() {
        return null;
      }

      @Override
      public Caller caller() {
        return caller;
      }
    };
  }

  /** Returns a context of the local user with no sampling, no progress token and no cancellation. */
  static ToolContext none() {
    return of(Caller.LOCAL);
  }
}
