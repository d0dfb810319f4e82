package dev.decisionmatrix.backends.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP backends' builders have in common (base URL, API key, model, timeouts, extra
 * headers), each value checked when it is set. A public builder holds one and delegates to it, so
 * the checks and the making of the {@link HttpTransport} live in one place. Not thread-safe.
 */
public final class HttpSettings {

  private BaseUrl baseUrl;
  private @Nullable String apiKey;
  private @Nullable String model;
  private Duration connectTimeout;
  private Duration requestTimeout;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /**
   * Creates settings holding a backend's defaults.
   *
   * @param baseUrl the default base URL
   * @param model the default model, or {@code null} if there is none
   * @param connectTimeout the default connect timeout
   * @param requestTimeout the default per-request timeout
   */
  public HttpSettings(String baseUrl, @Nullable String model, Duration connectTimeout, Duration requestTimeout) {
    this.baseUrl = BaseUrl.parse(baseUrl, "baseUrl");
    this.model = model;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  /** Sets the base URL; see {@link BaseUrl#parse(String, String)} for what it accepts. */
  public void baseUrl(String value) {
    baseUrl(BaseUrl.parse(value, "baseUrl"));
  }

  /** Sets the base URL, already parsed. */
  public void baseUrl(BaseUrl value) {
    this.baseUrl = value;
  }

  /** Sets the API key; see {@link Require#secret(String, String)}. */
  public void apiKey(String value) {
    this.apiKey = Require.secret(value, "apiKey");
  }

  /** Sets the default model; see {@link Require#nonBlank(String, String)}. */
  public void model(String value) {
    this.model = Require.nonBlank(value, "model");
  }

  /** Sets the connect timeout; see {@link Require#timeout(Duration, String)}. */
  public void connectTimeout(Duration value) {
    this.connectTimeout = Require.timeout(value, "connectTimeout");
  }

  /** Sets the per-request timeout; see {@link Require#timeout(Duration, String)}. */
  public void requestTimeout(Duration value) {
    this.requestTimeout = Require.timeout(value, "requestTimeout");
  }

  /** Adds an extra header sent with every request; see {@link Require#header(String, String)}. */
  public void header(String name, String value) {
    Require.header(name, value);
    headers.put(name.strip(), value);
  }

  /** Returns the base URL. */
  public BaseUrl baseUrl() {
    return baseUrl;
  }

  /** Returns the API key, or {@code null} if none is set. */
  public @Nullable String apiKey() {
    return apiKey;
  }

  /** Returns the default model, or {@code null} if there is none. */
  public @Nullable String model() {
    return model;
  }

  /**
   * Checks that a key is set when the base URL points to a provider's own host, which always needs one.
   *
   * @param host the provider's host, e.g. {@code api.openai.com}
   * @param variable the environment variable that usually holds the key, for the message
   * @throws IllegalStateException if the base URL is on that host and no key is set
   */
  public void requireKeyFor(String host, String variable) {
    if (apiKey == null && baseUrl.host().equalsIgnoreCase(host)) {
      throw new IllegalStateException("apiKey is required for " + baseUrl + ": set it with apiKey(...), e.g. from " + variable);
    }
  }

  /**
   * Creates the transport: the extra headers plus the backend's own (which win over an extra header
   * of the same name), with a redactor for the key and the secret-looking extra headers.
   *
   * @param backend the backend's id
   * @param ownHeaders the headers the backend sets itself, e.g. its authentication
   * @return the transport
   */
  public HttpTransport transport(String backend, Map<String, String> ownHeaders) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(ownHeaders);
    return new HttpTransport(backend, connectTimeout, requestTimeout, all, Redactor.forKeyAndHeaders(apiKey, headers));
  }
}
