package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A provider backend created on first use, under a fixed name that is also its id (so judgments of
 * a session-level and a criterion-level use of the same provider share cache entries). Creating
 * some providers is costly (the AWS SDK) or needs credentials that are only checked then; a
 * configuration problem surfaces as a permanent {@link LlmException} naming what to fix.
 * Thread-safe.
 */
final class LazyBackend implements LlmBackend, AutoCloseable {

  private final String name;
  private final Supplier<LlmBackend> factory;
  private volatile @Nullable LlmBackend delegate;
  private volatile @Nullable RuntimeException failure;

  LazyBackend(String name, Supplier<LlmBackend> factory) {
    this.name = Objects.requireNonNull(name, "name");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * Returns the backend, creating it on first call.
   *
   * @throws LlmException if it cannot be created
   */
  LlmBackend delegate() {
    LlmBackend d = delegate;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      if (delegate != null) {
        return delegate;
      }
      if (failure == null) {
        try {
          LlmBackend created = factory.get();
          if (created == null) {
            throw new IllegalStateException("the backend factory returned nothing");
          }
          delegate = created;
          return created;
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      RuntimeException f = failure;
      if (f instanceof LlmException le) {
        throw le;
      }
      throw new LlmException(
          LlmErrorKind.BAD_REQUEST, "backend \"" + name + "\" could not be created: " + f.getMessage(), null, 0, name, null, f);
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return delegate().chat(request);
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public @Nullable String defaultModel() {
    try {
      return delegate().defaultModel();
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public ConnectionReport testConnection() {
    LlmBackend d;
    try {
      d = delegate();
    } catch (LlmException e) {
      return new ConnectionReport(false, name, null, e.getMessage(), e.kind(), Duration.ZERO);
    }
    ConnectionReport report = d.testConnection();
    return new ConnectionReport(report.ok(), name, report.model(), report.message(), report.errorKind(), report.latency());
  }

  @Override
  public void close() {
    if (delegate instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(LazyBackend.class.getName()).log(System.Logger.Level.DEBUG, "closing backend " + name + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "LazyBackend[" + name + (delegate == null ? ", not created" : "") + "]";
  }
}
