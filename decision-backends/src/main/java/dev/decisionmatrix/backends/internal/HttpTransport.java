package dev.decisionmatrix.backends.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.RateLimitStatus;
import dev.decisionmatrix.llm.ResponseSchema;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends a backend's JSON requests over one shared {@link HttpClient} (HTTP/1.1 with connection
 * reuse) and maps every transport failure to an {@link LlmException}:
 *
 * <ul>
 *   <li>connect timeout, request timeout: {@link LlmErrorKind#TIMEOUT};
 *   <li>connection refused, unknown host: {@link LlmErrorKind#TRANSIENT}, "cannot connect to host:port";
 *   <li>connection reset, EOF, truncated body and other I/O errors: {@link LlmErrorKind#TRANSIENT};
 *   <li>interruption: {@link LlmErrorKind#CANCELLED}, with the thread's interrupt flag restored.
 * </ul>
 *
 * <p>Thread-safe: one instance serves all of a backend's calls.
 */
public final class HttpTransport implements AutoCloseable {

  /** Sent as {@code User-Agent}. */
  public static final String USER_AGENT = "decision-matrix-java";

  private final String backend;
  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Map<String, String> headers;
  private final Redactor redactor;
  private final Clock clock;

  /**
   * Creates a transport.
   *
   * @param backend the backend's id, for messages
   * @param connectTimeout how long to wait for a TCP/TLS connection
   * @param requestTimeout how long to wait for a whole response
   * @param headers headers sent with every request (keys included: they never reach a message)
   * @param redactor removes secrets from provider messages
   */
  public HttpTransport(
      String backend, Duration connectTimeout, Duration requestTimeout, Map<String, String> headers, Redactor redactor) {
    this.backend = backend;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.headers = Map.copyOf(headers);
    this.redactor = redactor;
    this.clock = Clock.systemUTC();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Returns the per-request timeout. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Returns the connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Returns the redactor for this backend's secrets. */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Posts a JSON body and returns the response, whatever its status.
   *
   * @param uri the URL
   * @param body the JSON body
   * @param model the model asked, for error context, or {@code null}
   * @return the response
   * @throws LlmException if no response arrived (timeout, connection failure, interruption)
   */
  public HttpReply postJson(URI uri, byte[] body, @Nullable String model) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(uri, request.build(), model);
  }

  /**
   * Sends a GET request and returns the response, whatever its status.
   *
   * @param uri the URL
   * @param model the model, for error context, or {@code null}
   * @return the response
   * @throws LlmException if no response arrived
   */
  public HttpReply get(URI uri, @Nullable String model) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").header("User-Agent", USER_AGENT).GET();
    headers.forEach(request::header);
    return send(uri, request.build(), model);
  }

  private HttpReply send(URI uri, HttpRequest request, @Nullable String model) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new HttpReply(uri, response.statusCode(), response.headers(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(LlmErrorKind.CANCELLED, "call to " + BaseUrl.display(uri) + " was interrupted", model, e);
    } catch (HttpConnectTimeoutException e) {
      throw failure(
          LlmErrorKind.TIMEOUT,
          "could not connect to " + BaseUrl.hostPort(uri) + " within " + connectTimeout.toMillis() + " ms",
          model,
          e);
    } catch (HttpTimeoutException e) {
      throw failure(
          LlmErrorKind.TIMEOUT, "no answer from " + BaseUrl.display(uri) + " within " + requestTimeout.toMillis() + " ms", model, e);
    } catch (ConnectException e) {
      String why = unresolved(e) ? "unknown host" : "connection refused or unreachable";
      throw failure(LlmErrorKind.TRANSIENT, "cannot connect to " + BaseUrl.hostPort(uri) + " (" + why + ")", model, e);
    } catch (UnknownHostException e) {
      throw failure(LlmErrorKind.TRANSIENT, "cannot connect to " + BaseUrl.hostPort(uri) + " (unknown host)", model, e);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw failure(LlmErrorKind.CANCELLED, "call to " + BaseUrl.display(uri) + " was interrupted", model, e);
      }
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : redactor.redact(HttpErrorMapper.shorten(e.getMessage()));
      throw failure(LlmErrorKind.TRANSIENT, "connection to " + BaseUrl.hostPort(uri) + " failed: " + detail, model, e);
    } catch (UnresolvedAddressException e) {
      throw failure(LlmErrorKind.TRANSIENT, "cannot connect to " + BaseUrl.hostPort(uri) + " (unknown host)", model, e);
    }
  }

  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the rate limits the provider announced in a reply's headers.
   *
   * @param reply the reply
   * @return the announced limits, or {@code null} if there were none
   */
  public @Nullable RateLimitStatus rateLimits(HttpReply reply) {
    return RateLimitHeaders.parse(reply.headers(), clock.instant());
  }

  /**
   * Builds the exception for a non-2xx response.
   *
   * @param reply the response
   * @param model the model asked, or {@code null}
   * @return the exception (not thrown)
   */
  public LlmException errorFor(HttpReply reply, @Nullable String model) {
    return HttpErrorMapper.map(backend, model, reply.uri(), reply.status(), reply.headers(), reply.body(), redactor, clock.instant());
  }

  /**
   * Parses a 2xx response's body as JSON. A body that is not JSON means the provider sent a broken
   * answer (a retry can help), so it fails as {@link LlmErrorKind#TRANSIENT}.
   *
   * @param reply the response
   * @param model the model asked, or {@code null}
   * @return the JSON tree
   * @throws LlmException if the body is not a JSON object
   */
  public JsonNode parseBody(HttpReply reply, @Nullable String model) {
    JsonNode node = Json.parseOrNull(reply.body());
    if (node == null || !node.isObject()) {
      throw failure(
          LlmErrorKind.TRANSIENT,
          "HTTP " + reply.status() + " from " + BaseUrl.display(reply.uri()) + " carried a body that is not a JSON object ("
              + reply.body().length + " bytes)",
          model,
          null);
    }
    return node;
  }

  /**
   * Parses a request's JSON schema into a tree, to embed it in a request body.
   *
   * @param schema the schema
   * @param model the model, for error context
   * @return the schema as a tree
   * @throws LlmException ({@link LlmErrorKind#BAD_REQUEST}) if the schema is not valid JSON
   */
  public JsonNode schemaTree(ResponseSchema schema, @Nullable String model) {
    try {
      return Json.parse(schema.json());
    } catch (JsonProcessingException e) {
      throw failure(LlmErrorKind.BAD_REQUEST, "the response schema '" + schema.name() + "' is not valid JSON", model, e);
    }
  }

  /**
   * Creates an exception with this backend's id.
   *
   * @param kind the kind
   * @param message the message, without the backend prefix and free of secrets
   * @param model the model, or {@code null}
   * @param cause the cause, or {@code null}
   * @return the exception (not thrown)
   */
  public LlmException failure(LlmErrorKind kind, String message, @Nullable String model, @Nullable Throwable cause) {
    return new LlmException(kind, backend + ": " + message, null, 0, backend, model, cause);
  }

  /** Stops the HTTP client at once; calls still in flight fail. */
  @Override
  public void close() {
    client.shutdownNow();
  }
}
