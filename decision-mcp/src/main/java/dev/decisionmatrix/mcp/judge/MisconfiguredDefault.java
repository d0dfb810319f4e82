package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The backends of a server whose default judge is misconfigured (a backend without its model or
 * key) but which starts anyway, as a stdio server must: an MCP host shows only "connection closed"
 * for a server that exits at startup. The broken default stands in the judges as a backend whose
 * every call fails with the configuration error and its fix, so every tool works and {@code
 * evaluate_options} says what to change; {@link Judges#configuredProviders()} does not list it.
 */
public final class MisconfiguredDefault implements BackendFactory {

  private final BackendFactory delegate;
  private final String name;
  private final String problem;

  /**
   * Wraps the environment's backends.
   *
   * @param delegate the backends that are configured
   * @param name the default judge that is not configured
   * @param problem what is wrong and how to fix it, shown to clients
   */
  public MisconfiguredDefault(BackendFactory delegate, String name, String problem) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.name = BackendNames.normalize(Objects.requireNonNull(name, "name"));
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** Returns the name of the default judge that is not configured. */
  String broken() {
    return name;
  }

  @Override
  public Set<String> configured() {
    Set<String> names = new LinkedHashSet<>(delegate.configured());
    names.add(name);
    return names;
  }

  @Override
  public Optional<String> environmentDefault() {
    return delegate.environmentDefault();
  }

  @Override
  public LlmBackend create(String backend) {
    if (BackendNames.normalize(backend).equals(name)) {
      throw new LlmException(LlmErrorKind.BAD_REQUEST, "the server's configuration is incomplete: " + problem, null, 0, name, null, null);
    }
    return delegate.create(backend);
  }

  @Override
  public String howToConfigure(String backend) {
    return delegate.howToConfigure(backend);
  }
}
