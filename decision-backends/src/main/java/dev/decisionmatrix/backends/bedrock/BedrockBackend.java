package dev.decisionmatrix.backends.bedrock;

import dev.decisionmatrix.backends.StructuredOutput;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.ConnectionProbe;
import dev.decisionmatrix.backends.internal.ModelAdaptations;
import dev.decisionmatrix.backends.internal.Redactor;
import dev.decisionmatrix.backends.internal.Require;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * A backend for AWS Bedrock through the Converse API ({@code BedrockRuntimeClient.converse}), which
 * speaks one format for every model family on Bedrock.
 *
 * <pre>{@code
 * BedrockBackend bedrock = BedrockBackend.builder()
 *     .region("us-east-1")
 *     .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
 *     .build();
 * }</pre>
 *
 * <p>Needs the optional dependencies {@code software.amazon.awssdk:bedrockruntime} and {@code
 * software.amazon.awssdk:url-connection-client} on the class path (this class must not be loaded
 * without them; {@link dev.decisionmatrix.backends.Backends} checks first). The SDK client uses the
 * JDK's {@code HttpURLConnection} (no Netty, no Apache client) and has its own retries switched off:
 * the engine retries. Credentials come from the default provider chain, a named profile, or a
 * provider you pass.
 *
 * <p>Structured output: with {@link StructuredOutput#JSON_SCHEMA} (the default) a request's JSON
 * schema is sent as Converse's {@code outputConfig.textFormat} ({@code json_schema}). Models that
 * do not support it answer with a {@code ValidationException} about the output format; the request
 * is then sent again without it, and the backend remembers that for the model. {@link
 * StructuredOutput#JSON_OBJECT} has no Bedrock equivalent and behaves like {@link
 * StructuredOutput#NONE}: the judge prompt states the JSON contract either way.
 *
 * <p>Thread-safe: the SDK client serves concurrent calls. {@link #close()} releases it. {@link
 * #toString()} shows region, endpoint and model, never credentials.
 */
public final class BedrockBackend implements LlmBackend, AutoCloseable {

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private static final String ID = "bedrock";
  private static final System.Logger LOG = System.getLogger(BedrockBackend.class.getName());
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private final BedrockRuntimeClient client;
  private final String region;
  private final @Nullable URI endpointOverride;
  private final @Nullable String profile;
  private final String model;
  private final String endpoint;
  private final URI endpointUri;
  private final Redactor redactor = Redactor.of();
  private final StructuredOutput structuredOutput;
  private final ModelAdaptations<StructuredOutput> modes;

  private BedrockBackend(Builder b, String model) {
    this.region = b.region;
    this.endpointOverride = b.endpointOverride;
    this.profile = b.profile;
    this.model = model;
    this.structuredOutput = b.structuredOutput == StructuredOutput.JSON_OBJECT ? StructuredOutput.NONE : b.structuredOutput;
    this.modes = new ModelAdaptations<>(m -> structuredOutput);
    this.endpointUri = endpointOverride != null ? endpointOverride : URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
    this.endpoint = BaseUrl.display(endpointUri);
    AwsCredentialsProvider credentials =
        b.credentials != null
            ? b.credentials
            : profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
    BedrockRuntimeClientBuilder builder =
        BedrockRuntimeClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(b.connectTimeout).socketTimeout(b.requestTimeout).build())
            .overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(b.requestTimeout).apiCallAttemptTimeout(b.requestTimeout));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    this.client = builder.build();
  }

  /**
   * Starts a builder. Region and model are required; credentials default to the AWS default chain
   * (environment, {@code ~/.aws}, SSO, container and instance roles).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a Converse request and waits for the answer.
   *
   * @param request what to ask
   * @return the text blocks of the answer, joined, with token usage
   * @throws LlmException if the call failed; see {@link LlmErrorKind} for the kinds
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    String m = request.model() != null ? request.model() : model;
    StructuredOutput mode = modes.get(m);
    ConverseResponse response;
    while (true) {
      try {
        response = client.converse(ConverseWire.request(request, m, mode));
        break;
      } catch (ValidationException e) {
        if (mode != StructuredOutput.NONE && request.responseSchema() != null && ConverseWire.rejectsOutputConfig(e)) {
          if (modes.replace(m, mode, StructuredOutput.NONE)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: model {1} rejected the JSON schema output format; sending none from now on", ID, m);
          }
          mode = StructuredOutput.NONE;
          continue;
        }
        throw BedrockErrors.map(e, ID, m, endpointUri, region, redactor);
      } catch (SdkException e) {
        throw BedrockErrors.map(e, ID, m, endpointUri, region, redactor);
      }
    }
    ChatResponse answer = ConverseWire.answer(response, m);
    if (answer == null) {
      throw new LlmException(LlmErrorKind.TRANSIENT, ID + ": the answer from " + endpoint + " carried no message", null, 200, ID, m, null);
    }
    return answer;
  }

  /** Returns {@code "bedrock"}. */
  @Override
  public String id() {
    return ID;
  }

  /** Returns the configured model id (never {@code null}). */
  @Override
  public String defaultModel() {
    return model;
  }

  /**
   * Returns the AWS region.
   *
   * @return the region, e.g. {@code us-east-1}
   */
  public String region() {
    return region;
  }

  /**
   * Returns the structured-output mode currently used for a model: the configured one, or {@link
   * StructuredOutput#NONE} if the model rejected the JSON schema format.
   *
   * @param forModel the model
   * @return the mode
   */
  public StructuredOutput structuredOutput(String forModel) {
    return modes.get(Require.nonBlank(forModel, "model"));
  }

  /**
   * Sends one tiny request and reports whether it worked and, if not, what to fix (credentials,
   * region, model id, model access). Never throws.
   *
   * @return the report
   */
  @Override
  public ConnectionReport testConnection() {
    ConnectionProbe probe =
        new ConnectionProbe(
            ID,
            endpoint,
            "Check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or aws sso login) and that access to the"
                + " model is granted in the Bedrock console for region " + region + ".",
            "Check AWS_REGION ('" + region + "': Bedrock must be offered there) and AWS_ENDPOINT_URL_BEDROCK_RUNTIME if set.",
            m -> "Check the model id '" + m + "' (DECISION_MATRIX_MODEL); newer models need an inference profile id such as"
                + " us.anthropic.claude-sonnet-4-5-20250929-v1:0.");
    return probe.run(this, model);
  }

  /** Releases the SDK client. */
  @Override
  public void close() {
    client.close();
  }

  /** Returns region, endpoint, profile and model; never credentials. */
  @Override
  public String toString() {
    return "BedrockBackend[region=" + region + ", endpoint=" + endpoint + (profile == null ? "" : ", profile=" + profile) + ", model=" + model
        + ", structuredOutput=" + structuredOutput + "]";
  }

  /** Configures a {@link BedrockBackend}. Each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable String region;
    private @Nullable String model;
    private @Nullable String profile;
    private @Nullable URI endpointOverride;
    private @Nullable AwsCredentialsProvider credentials;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

    private Builder() {}

    /**
     * Sets how JSON output is requested (default {@link StructuredOutput#JSON_SCHEMA}; {@link
     * StructuredOutput#JSON_OBJECT} behaves like {@link StructuredOutput#NONE} on Bedrock).
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
     * Sets the AWS region (required).
     *
     * @param value e.g. {@code us-east-1}
     * @return this builder
     * @throws IllegalArgumentException if the value is not a region name
     */
    public Builder region(String value) {
      String v = Require.nonBlank(value, "region");
      if (!REGION.matcher(v).matches()) {
        throw new IllegalArgumentException("region must look like us-east-1 but was " + v);
      }
      this.region = v;
      return this;
    }

    /**
     * Sets the model id or inference profile used when a request names none (required).
     *
     * @param value e.g. {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} or {@code amazon.nova-lite-v1:0}
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder model(String value) {
      this.model = Require.nonBlank(value, "model");
      return this;
    }

    /**
     * Reads credentials from a named profile of {@code ~/.aws/credentials} and {@code ~/.aws/config}.
     * Ignored when {@link #credentialsProvider(AwsCredentialsProvider)} is set.
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
     * Sends requests to another endpoint (a VPC endpoint, a proxy, or a simulator in tests).
     *
     * @param value an absolute http(s) URL, e.g. {@code http://127.0.0.1:4566}
     * @return this builder
     * @throws IllegalArgumentException if the value is not an http(s) URL with a host
     */
    public Builder endpointOverride(String value) {
      this.endpointOverride = BaseUrl.parse(value, "endpointOverride").uri();
      return this;
    }

    /**
     * Sets where credentials come from, e.g. {@code StaticCredentialsProvider.create(...)}.
     *
     * @param value the provider
     * @return this builder
     * @throws IllegalArgumentException if the value is {@code null}
     */
    public Builder credentialsProvider(AwsCredentialsProvider value) {
      this.credentials = Require.nonNull(value, "credentialsProvider");
      return this;
    }

    /**
     * Sets how long to wait for a connection.
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
     * Sets how long to wait for a whole answer. The engine's per-call timeout applies as well.
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
     * Builds the backend and its SDK client.
     *
     * @return the backend
     * @throws IllegalStateException if the region or the model is missing
     */
    public BedrockBackend build() {
      if (region == null) {
        throw new IllegalStateException("region is required: set it with region(...), e.g. from AWS_REGION");
      }
      if (model == null) {
        throw new IllegalStateException(
            "model is required: set it with model(...), a Bedrock model id or inference profile such as"
                + " us.anthropic.claude-sonnet-4-5-20250929-v1:0");
      }
      return new BedrockBackend(this, model);
    }
  }
}
