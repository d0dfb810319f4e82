package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.backends.BackendConfigurationException;
import dev.decisionmatrix.backends.BackendKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The judge names the server understands: {@code sampling} (the host's own model through MCP) and
 * the providers of decision-backends ({@code openai}, {@code anthropic}, {@code ollama}, {@code
 * bedrock}) with their aliases ({@code litellm}, {@code vllm}, {@code claude}, {@code aws}, ...),
 * which are normalised to the provider's name.
 */
public final class BackendNames {

  /** The host's own model, asked through MCP {@code sampling/createMessage}. */
  public static final String SAMPLING = "sampling";

  private static final List<String> PROVIDERS;
  private static final List<String> ALL;

  static {
    List<String> providers = new ArrayList<>();
    for (BackendKind kind : BackendKind.values()) {
      providers.add(kind.id());
    }
    PROVIDERS = List.copyOf(providers);
    List<String> all = new ArrayList<>();
    all.add(SAMPLING);
    all.addAll(providers);
    ALL = List.copyOf(all);
  }

  private BackendNames() {}

  /** Returns every judge name: {@code sampling} first, then the providers. */
  public static List<String> all() {
    return ALL;
  }

  /** Returns the provider names. */
  public static List<String> providers() {
    return PROVIDERS;
  }

  /**
   * Tells whether a name (any case, aliases allowed) is a judge the server knows.
   *
   * @param name the name, may be {@code null}
   * @return {@code true} if known
   */
  public static boolean isKnown(@Nullable String name) {
    return name != null && ALL.contains(normalize(name));
  }

  /**
   * Tells whether a judge name or backend id means MCP sampling: {@code sampling} itself or a
   * connection's sampling backend id ({@code sampling:<client>:<n>...}, see {@link SamplingBackend}).
   *
   * @param nameOrId the name or id
   * @return {@code true} for sampling
   */
  public static boolean isSampling(String nameOrId) {
    String n = nameOrId.strip().toLowerCase(Locale.ROOT);
    return n.equals(SAMPLING) || n.startsWith(SamplingBackend.ID_PREFIX);
  }

  /**
   * Returns the canonical name: lower case, aliases resolved ({@code litellm} becomes {@code
   * openai}); an unknown name is returned stripped and in lower case.
   *
   * @param name the name
   * @return the canonical name
   */
  public static String normalize(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.equals(SAMPLING)) {
      return n;
    }
    try {
      return BackendKind.parse(n).id();
    } catch (BackendConfigurationException e) {
      return n;
    }
  }
}
