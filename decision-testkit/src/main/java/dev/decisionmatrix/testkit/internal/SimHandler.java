package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.Overflow;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RecordedHeaders;
import dev.decisionmatrix.testkit.RecordedRequest;
import dev.decisionmatrix.testkit.SimRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Answers every request: routes it to a wire format, records and counts it, applies the capacity
 * limit, the fault, the latency and the judge, and sends the answer.
 */
public final class SimHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(SimHandler.class.getName());
  private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
  private static final Duration MAX_HOLD = Duration.ofMinutes(10);

  private final Settings settings;
  private final Counters counters;
  private final RequestLog log;
  private final CountDownLatch closing;
  private final Map<Protocol, Wire> wires = new EnumMap<>(Protocol.class);

  /**
   * Creates the handler.
   *
   * @param closing counted down when the simulator closes, releasing held requests
   */
  public SimHandler(Settings settings, Counters counters, RequestLog log, CountDownLatch closing) {
    this.settings = settings;
    this.counters = counters;
    this.log = log;
    this.closing = closing;
    for (Wire w : new Wire[] {new OpenAiWire(), new AnthropicWire(), new OllamaWire(), new BedrockWire()}) {
      wires.put(w.protocol(), w);
    }
  }

  /**
   * Thrown to end an exchange without a (complete) response: the JDK server closes the connection
   * of an exchange whose handler throws before the response is complete.
   */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort(String why) {
      super(why, null, false, false);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      dispatch(exchange);
    } catch (Abort | IOException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "LLM simulator failed to answer a request", e);
      throw new Abort("internal failure");
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    RecordedHeaders headers = RecordedHeaders.of(exchange.getRequestHeaders());
    Route route = Route.of(method, path, headers);
    Wire wire = route.protocol() == null ? null : wires.get(route.protocol());
    if (route.kind() == Route.Kind.UNKNOWN || wire == null) {
      record(-1, method, path, null, null, headers, body);
      send(exchange, unknownPath(method, path));
      return;
    }
    if (route.kind() == Route.Kind.WRONG_METHOD) {
      record(-1, method, path, route.protocol(), null, headers, body);
      send(exchange, wire.error(405, "Method " + method + " is not allowed on " + path));
      return;
    }
    if (route.kind() == Route.Kind.MODELS) {
      record(-1, method, path, route.protocol(), null, headers, body);
      Reply denied = wire.checkHeaders(headers, settings.apiKey());
      send(exchange, denied != null ? denied : wire.models(settings.listedModels()));
      return;
    }
    chat(exchange, wire, route.pathModel(), method, path, headers, body, start);
  }

  private void chat(
      HttpExchange exchange,
      Wire wire,
      @Nullable String pathModel,
      String method,
      String path,
      RecordedHeaders headers,
      byte[] body,
      long start)
      throws IOException {
    long sequence = counters.nextSequence();
    JsonNode tree = body.length > MAX_BODY_BYTES ? null : Json.tryParse(body);
    record(sequence, method, path, wire.protocol(), wire.modelOf(tree, pathModel), headers, body);
    Reply denied = wire.checkHeaders(headers, settings.apiKey());
    if (denied != null) {
      send(exchange, denied);
      return;
    }
    if (body.length > MAX_BODY_BYTES) {
      send(exchange, wire.error(413, "Request body is larger than " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    if (!(tree instanceof ObjectNode object)) {
      send(exchange, wire.error(400, "Request body is not a JSON object"));
      return;
    }
    Call call;
    try {
      call = wire.parse(object, pathModel, sequence);
    } catch (WireException e) {
      send(exchange, wire.error(e.status(), e.getMessage()));
      return;
    }
    SimRequest request = call.request();
    if (!settings.models().isEmpty() && !settings.models().contains(request.model())) {
      send(exchange, wire.error(404, modelNotFound(wire.protocol(), request.model())));
      return;
    }
    Map<String, String> limitHeaders = Map.of();
    RateBuckets buckets = settings.rateBuckets();
    if (buckets != null) {
      Integer maxTokens = request.maxTokens();
      long cost = Completion.tokens(request.inputChars()) + (maxTokens == null ? 0 : maxTokens);
      RateBuckets.Admission admission = buckets.admit(cost, wire.protocol());
      limitHeaders = admission.headers();
      if (!admission.admitted()) {
        send(exchange, wire.error(429, "Rate limit reached for requests or tokens per minute (simulated). Please try again later.")
            .withHeaders(RetryHeaders.of(admission.retryAfter())).withHeaders(limitHeaders));
        return;
      }
    }
    Capacity capacity = settings.capacity();
    if (capacity != null && !acquire(capacity)) {
      counters.rejected();
      send(exchange, rateLimited(wire, "Too many concurrent requests: the simulator's capacity is "
          + capacity.maxInFlight() + " in flight"));
      return;
    }
    counters.enter();
    boolean inFlight = true;
    Outcome outcome;
    try {
      Fault fault = FaultScripts.apply(settings.effectiveFaults(), request);
      if (!fault.isNone()) {
        counters.fault(fault);
      }
      if (fault.kind() == Fault.Kind.TIMEOUT) {
        // A hung request gives its slot back so it does not starve the others.
        inFlight = false;
        leave(capacity);
        hold();
        throw new Abort("timeout fault released");
      }
      sleep(settings.latency().delayFor(request));
      outcome =
          switch (fault.kind()) {
            case HTTP_STATUS -> new Outcome(faultReply(wire, fault.status()), Delivery.WHOLE);
            case ECHO_CREDENTIALS -> new Outcome(wire.error(401, echoedHeaders(exchange)), Delivery.WHOLE);
            case CONNECTION_RESET -> new Outcome(null, Delivery.RESET);
            default -> answer(wire, call, fault, start);
          };
    } finally {
      // The slot is free before the answer's bytes go out: a client that sends its next request
      // the moment it reads this answer must find the slot free, as with a real rate limiter.
      if (inFlight) {
        leave(capacity);
      }
    }
    if (!limitHeaders.isEmpty() && outcome.reply() != null) {
      outcome = new Outcome(outcome.reply().withHeaders(limitHeaders), outcome.delivery());
    }
    deliver(exchange, outcome);
  }

  /** How an answer reaches the client. */
  private enum Delivery {
    WHOLE,
    TRUNCATED,
    DRIP,
    RESET
  }

  private record Outcome(@Nullable Reply reply, Delivery delivery) {}

  private Outcome answer(Wire wire, Call call, Fault fault, long start) {
    SimRequest request = call.request();
    String text;
    switch (fault.kind()) {
      case OUT_OF_RANGE_SCORE -> text = CellJudge.outOfRange();
      case PROSE -> text = CellJudge.PROSE;
      default -> {
        try {
          text = settings.judge().apply(request);
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw new Abort("interrupted in the judge");
          }
          LOG.log(Level.DEBUG, "judge script failed", e);
          return new Outcome(wire.error(500, "The judge script failed: " + e), Delivery.WHOLE);
        }
        if (text == null) {
          text = "";
        }
      }
    }
    long inputTokens = Completion.tokens(request.inputChars());
    long outputTokens = Completion.tokens(text.length());
    boolean truncated = false;
    Integer max = request.maxTokens();
    if (max != null && outputTokens > max) {
      int cut = (int) Math.min(text.length(), (long) max * Completion.CHARS_PER_TOKEN);
      if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--;
      }
      text = text.substring(0, cut);
      outputTokens = max;
      truncated = true;
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Reply reply = wire.success(call, new Completion(text, inputTokens, outputTokens, truncated, elapsed));
    counters.tokens(inputTokens, outputTokens);
    return switch (fault.kind()) {
      case MALFORMED_JSON ->
          new Outcome(
              reply.withBody(Arrays.copyOf(reply.body(), reply.body().length / 2)), Delivery.WHOLE);
      case TRUNCATED_BODY -> new Outcome(reply, Delivery.TRUNCATED);
      case SLOW_DRIP -> new Outcome(reply, Delivery.DRIP);
      default -> new Outcome(reply, Delivery.WHOLE);
    };
  }

  private void deliver(HttpExchange exchange, Outcome outcome) throws IOException {
    Reply reply = outcome.reply();
    if (outcome.delivery() == Delivery.RESET || reply == null) {
      throw new Abort("connection reset fault");
    }
    if (outcome.delivery() == Delivery.TRUNCATED) {
      sendTruncated(exchange, reply);
    } else if (outcome.delivery() == Delivery.DRIP) {
      sendDripping(exchange, reply);
    } else {
      send(exchange, reply);
    }
  }

  private boolean acquire(Capacity capacity) {
    if (capacity.overflow() == Overflow.REJECT) {
      return capacity.tryAcquire();
    }
    counters.queued(1);
    try {
      capacity.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abort("interrupted while queued");
    } finally {
      counters.queued(-1);
    }
  }

  private void leave(@Nullable Capacity capacity) {
    if (capacity != null) {
      capacity.release();
    }
    counters.exit();
  }

  private void hold() {
    counters.held(1);
    try {
      closing.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      counters.held(-1);
    }
  }

  private static void sleep(Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abort("interrupted during latency");
    }
  }

  /** What a careless gateway says: the request's headers, credentials included, verbatim. */
  private static String echoedHeaders(HttpExchange exchange) {
    StringBuilder message = new StringBuilder("Invalid credentials (simulated fault). Your request headers were:");
    exchange.getRequestHeaders().forEach((name, values) -> message.append(' ').append(name).append(": ").append(String.join(",", values)).append(';'));
    return message.toString();
  }

  private Reply faultReply(Wire wire, int status) {
    String message =
        switch (status) {
          case 429 -> "Rate limit reached (simulated fault). Please try again later.";
          case 529 -> "Overloaded (simulated fault).";
          case 401 -> "Invalid authentication (simulated fault).";
          case 404 -> "Not found (simulated fault).";
          default -> "Simulated fault: HTTP " + status + ".";
        };
    return status == 429 ? rateLimited(wire, message) : wire.error(status, message);
  }

  private Reply rateLimited(Wire wire, String message) {
    return wire.error(429, message).withHeaders(RetryHeaders.of(settings.retryAfter()));
  }

  private static String modelNotFound(Protocol protocol, String model) {
    return switch (protocol) {
      case OPENAI -> "The model `" + model + "` does not exist or you do not have access to it.";
      case ANTHROPIC -> "model: " + model;
      case OLLAMA -> "model \"" + model + "\" not found, try pulling it first";
      case BEDROCK -> "Model not found: " + model;
    };
  }

  private static Reply unknownPath(String method, String path) {
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("message", "Unknown request URL: " + method + " " + path);
    error.put("type", "invalid_request_error");
    error.put("code", "unknown_url");
    return Reply.json(404, Json.bytes(root));
  }

  private void record(
      long sequence,
      String method,
      String path,
      @Nullable Protocol protocol,
      @Nullable String model,
      RecordedHeaders headers,
      byte[] body) {
    // Log first, count second: whoever waits for a count then finds the request in the log.
    log.add(
        new RecordedRequest(
            sequence,
            Instant.now(),
            method,
            path,
            protocol,
            model,
            headers,
            new String(body, StandardCharsets.UTF_8)));
    counters.received(body.length);
    if (protocol != null) {
      counters.protocol(protocol);
    }
  }

  private void prepare(HttpExchange exchange, Reply reply) {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", reply.contentType());
    reply.headers().forEach(h::set);
  }

  private void send(HttpExchange exchange, Reply reply) throws IOException {
    prepare(exchange, reply);
    byte[] body = reply.body();
    counters.sent(reply.status(), body.length);
    if (body.length == 0) {
      exchange.sendResponseHeaders(reply.status(), -1);
    } else {
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private void sendTruncated(HttpExchange exchange, Reply reply) throws IOException {
    prepare(exchange, reply);
    byte[] body = reply.body();
    int half = body.length / 2;
    counters.sent(reply.status(), half);
    exchange.sendResponseHeaders(reply.status(), body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, half);
    out.flush();
    throw new Abort("truncated body fault");
  }

  private void sendDripping(HttpExchange exchange, Reply reply) throws IOException {
    prepare(exchange, reply);
    byte[] body = reply.body();
    counters.sent(reply.status(), body.length);
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int at = 0; at < body.length; at += Fault.DRIP_CHUNK_BYTES) {
        if (at > 0) {
          sleep(Duration.ofMillis(Fault.DRIP_PAUSE_MILLIS));
        }
        out.write(body, at, Math.min(Fault.DRIP_CHUNK_BYTES, body.length - at));
        out.flush();
      }
    }
    exchange.close();
  }
}
