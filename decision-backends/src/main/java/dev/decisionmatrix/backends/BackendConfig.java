package dev.decisionmatrix.backends;

import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.Require;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to create a backend, independent of where it came from (environment, flags,
 * code). Fields a kind does not use are ignored. {@link #toString()} never shows the API key.
 *
 * <pre>{@code
 * LlmBackend backend = Backends.create(BackendConfig.builder(BackendKind.OPENAI)
 *     .baseUrl("http://localhost:4000").apiKey(litellmKey).model("claude-sonnet").build());
 * }</pre>
 *
 * @param kind which backend
 * @param model the default model, or {@code null} for the backend's default (OpenAI against
 *     api.openai.com, Anthropic and Ollama have one; other OpenAI-compatible servers and Bedrock
 *     need one)
 * @param baseUrl the base URL (OpenAI, Anthropic, Ollama) or endpoint override (Bedrock), or
 *     {@code null} for the provider's default
 * @param apiKey the API key (OpenAI, Anthropic), or {@code null}
 * @param organization the OpenAI organization, or {@code null}
 * @param project the OpenAI project, or {@code null}
 * @param region the AWS region (Bedrock), or {@code null}
 * @param profile the AWS profile (Bedrock), or {@code null} for the default credentials chain
 * @param structuredOutput how JSON output is requested (OpenAI, Ollama), or {@code null} for the default
 * @param connectTimeout the connect timeout, or {@code null} for the backend's default
 * @param requestTimeout the per-request timeout, or {@code null} for the backend's default
 */
public record BackendConfig(
    BackendKind kind,
    @Nullable String model,
    @Nullable String baseUrl,
    @Nullable String apiKey,
    @Nullable String organization,
    @Nullable String project,
    @Nullable String region,
    @Nullable String profile,
    @Nullable StructuredOutput structuredOutput,
    @Nullable Duration connectTimeout,
    @Nullable Duration requestTimeout) {

  /**
   * Validates the values: strings are stripped and must not be blank when present, the base URL
   * must be an http(s) URL, timeouts must be positive.
   *
   * @throws IllegalArgumentException naming the field that is wrong (never showing the key)
   */
  public BackendConfig {
    Require.nonNull(kind, "kind");
    model = model == null ? null : Require.nonBlank(model, "model");
    baseUrl = baseUrl == null ? null : BaseUrl.parse(baseUrl, "baseUrl").toString();
    apiKey = apiKey == null ? null : Require.secret(apiKey, "apiKey");
    organization = organization == null ? null : Require.nonBlank(organization, "organization");
    project = project == null ? null : Require.nonBlank(project, "project");
    region = region == null ? null : Require.nonBlank(region, "region");
    profile = profile == null ? null : Require.nonBlank(profile, "profile");
    connectTimeout = connectTimeout == null ? null : Require.timeout(connectTimeout, "connectTimeout");
    requestTimeout = requestTimeout == null ? null : Require.timeout(requestTimeout, "requestTimeout");
  }

  /**
   * Starts a builder.
   *
   * @param kind which backend
   * @return the builder
   * @throws IllegalArgumentException if kind is {@code null}
   */
  public static Builder builder(BackendKind kind) {
    return new Builder(Require.nonNull(kind, "kind"));
  }

  /**
   * Reads the configuration from environment variables; see {@link Backends#fromEnvironment()} for
   * the variables.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @param kind the backend to configure, overriding {@code DECISION_MATRIX_BACKEND}; {@code null}
   *     to read that variable or infer the backend from the keys that are set
   * @return the configuration
   * @throws BackendConfigurationException if no backend is configured, the backend is unknown or
   *     {@code sampling}, or a required variable is missing or malformed; the message names the variable
   */
  public static BackendConfig fromEnvironment(Map<String, String> env, @Nullable BackendKind kind) {
    return EnvironmentConfig.read(env, kind);
  }

  /**
   * Returns a builder holding this configuration's values, to derive a changed copy.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind);
    b.model = model;
    b.baseUrl = baseUrl;
    b.apiKey = apiKey;
    b.organization = organization;
    b.project = project;
    b.region = region;
    b.profile = profile;
    b.structuredOutput = structuredOutput;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    return b;
  }

  /** Returns every field that is set, with the API key shown as {@code ***}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("BackendConfig[kind=").append(kind.id());
    append(b, "model", model);
    append(b, "baseUrl", baseUrl);
    append(b, "apiKey", apiKey == null ? null : "***");
    append(b, "organization", organization);
    append(b, "project", project);
    append(b, "region", region);
    append(b, "profile", profile);
    append(b, "structuredOutput", structuredOutput);
    append(b, "connectTimeout", connectTimeout);
    append(b, "requestTimeout", requestTimeout);
    return b.append(']').toString();
  }

  private static void append(StringBuilder b, String name, @Nullable Object value) {
    if (value != null) {
      b.append(", ").append(name).append('=').append(value);
    }
  }

  /** Builds a {@link BackendConfig}. Each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final BackendKind kind;
    private @Nullable String model;
    private @Nullable String baseUrl;
    private @Nullable String apiKey;
    private @Nullable String organization;
    private @Nullable String project;
    private @Nullable String region;
    private @Nullable String profile;
    private @Nullable StructuredOutput structuredOutput;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration requestTimeout;

    private Builder(BackendKind kind) {
      this.kind = kind;
    }

    /**
     * Sets the default model.
     *
     * @param value the model
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder model(String value) {
      this.model = Require.nonBlank(value, "model");
      return this;
    }

    /**
     * Sets the base URL (OpenAI, Anthropic, Ollama) or endpoint override (Bedrock).
     *
     * @param value an absolute http(s) URL
     * @return this builder
     * @throws IllegalArgumentException if the value is not an http(s) URL with a host
     */
    public Builder baseUrl(String value) {
      this.baseUrl = BaseUrl.parse(value, "baseUrl").toString();
      return this;
    }

    /**
     * Sets the API key (OpenAI, Anthropic).
     *
     * @param value the key
     * @return this builder
     * @throws IllegalArgumentException if the key is blank or has control characters
     */
    public Builder apiKey(String value) {
      this.apiKey = Require.secret(value, "apiKey");
      return this;
    }

    /**
     * Sets the OpenAI organization.
     *
     * @param value the organization id
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder organization(String value) {
      this.organization = Require.nonBlank(value, "organization");
      return this;
    }

    /**
     * Sets the OpenAI project.
     *
     * @param value the project id
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder project(String value) {
      this.project = Require.nonBlank(value, "project");
      return this;
    }

    /**
     * Sets the AWS region (Bedrock).
     *
     * @param value e.g. {@code us-east-1}
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder region(String value) {
      this.region = Require.nonBlank(value, "region");
      return this;
    }

    /**
     * Sets the AWS profile (Bedrock).
     *
     * @param value the profile name
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder profile(String value) {
      this.profile = Require.nonBlank(value, "profile");
      return this;
    }

    /**
     * Sets how JSON output is requested (OpenAI, Ollama).
     *
     * @param value the mode
     * @return this builder
     * @throws IllegalArgumentException if the value is {@code null}
     */
    public Builder structuredOutput(StructuredOutput value) {
      this.structuredOutput = Require.nonNull(value, "structuredOutput");
      return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param value a positive duration of at most a day
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Require.timeout(value, "connectTimeout");
      return this;
    }

    /**
     * Sets the per-request timeout.
     *
     * @param value a positive duration of at most a day
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = Require.timeout(value, "requestTimeout");
      return this;
    }

    /**
     * Builds the configuration. Whether the values suffice for the kind is checked by {@link
     * Backends#create(BackendConfig)}.
     *
     * @return the configuration
     */
    public BackendConfig build() {
      return new BackendConfig(
          kind, model, baseUrl, apiKey, organization, project, region, profile, structuredOutput, connectTimeout, requestTimeout);
    }
  }
}
