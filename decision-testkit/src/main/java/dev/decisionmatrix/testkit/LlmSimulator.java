package dev.decisionmatrix.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.decisionmatrix.testkit.internal.Capacity;
import dev.decisionmatrix.testkit.internal.CellJudge;
import dev.decisionmatrix.testkit.internal.Counters;
import dev.decisionmatrix.testkit.internal.FaultScripts;
import dev.decisionmatrix.testkit.internal.RequestLog;
import dev.decisionmatrix.testkit.internal.RateBuckets;
import dev.decisionmatrix.testkit.internal.Settings;
import dev.decisionmatrix.testkit.internal.SimHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A loopback LLM simulator: an HTTP server on 127.0.0.1 that speaks the OpenAI chat completions,
 * Anthropic Messages, Ollama chat and AWS Bedrock Converse wire formats and answers every chat
 * request with a deterministic judgment, for tests and benchmarks of clients that judge decision
 * cells.
 *
 * <pre>{@code
 * try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(20)).start()) {
 *   URI uri = URI.create(sim.baseUrl() + "/v1/chat/completions");
 *   // ... send requests; the answer for a cell is {"score":...,"reasoning":...,"confidence":...}
 *   assertThat(score).isEqualTo(LlmSimulator.expectedScore("Option A", "Cost"));
 *   assertThat(sim.stats().maxInFlight()).isLessThanOrEqualTo(8);
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (and {@code /chat/completions}), {@code GET
 * /v1/models}, {@code POST /v1/messages}, {@code POST /api/chat}, {@code GET /api/tags}, {@code
 * POST /model/{modelId}/converse}.
 *
 * <p>A chat request goes through these steps: headers checked (API key, required headers), body
 * parsed (400 in the protocol's error shape when the provider would reject it), model checked
 * (404 when {@linkplain Builder#models(Set) models} are set), a capacity slot taken ({@link
 * Overflow}), the fault decided ({@link FaultScript}), the latency slept ({@link LatencyModel}),
 * the judge asked, and the answer sent with the protocol's token usage fields. An answer longer
 * than the request's output limit is cut and reported as such ({@code finish_reason: "length"}
 * and equivalents), like a real provider does.
 *
 * <p>Thread-safe. The {@code set...} methods change the knobs of a running simulator; requests
 * already past the step a knob governs keep the old value.
 */
public final class LlmSimulator implements AutoCloseable {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add around 40 ms to keep-alive responses. Only effective when set before
    // the JVM's first HttpServer starts, and only when the user did not choose otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Settings settings;
  private final Counters counters;
  private final RequestLog log;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long seed;
  private final int port;

  private LlmSimulator(Builder b) {
    this.seed = b.seed;
    this.settings =
        new Settings(
            b.apiKey,
            b.models,
            b.latency,
            b.maxInFlight == 0 ? null : new Capacity(b.maxInFlight, b.overflow),
            b.retryAfter,
            b.faults,
            FaultScripts.rate(b.faultRate, b.seed, b.faultMix),
            b.judge);
    if (b.rateLimit != null) {
      settings.rateBuckets(new RateBuckets(b.rateLimit));
    }
    this.counters = new Counters();
    this.log = new RequestLog(b.recordLimit);
    this.executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llm-simulator-", 0).factory());
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), b.backlog);
    } catch (IOException e) {
      executor.close();
      throw new UncheckedIOException("cannot bind the LLM simulator to 127.0.0.1:" + b.port, e);
    }
    server.createContext("/", new SimHandler(settings, counters, log, closing));
    server.setExecutor(executor);
    server.start();
    this.port = server.getAddress().getPort();
  }

  /**
   * Returns a builder with the defaults: a free port, no latency, unlimited capacity, no faults,
   * the {@linkplain #defaultJudge() default judge}, any model, no API key check.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the score the default judge gives a cell: 1.0 to 10.0 in steps of 0.1, from a
   * SHA-256 hash of {@code option + "\u0000" + criterion}. The same on every JVM and run.
   *
   * @param option the option name, as in the prompt's {@code option_name} block
   * @param criterion the criterion name, as in the prompt's {@code criterion_name} block
   * @return the score
   */
  public static double expectedScore(String option, String criterion) {
    return CellJudge.expectedScore(option, criterion);
  }

  /**
   * Returns the confidence the default judge gives a cell: 0.50 to 1.00 in steps of 0.01.
   *
   * @param option the option name
   * @param criterion the criterion name
   * @return the confidence
   */
  public static double expectedConfidence(String option, String criterion) {
    return CellJudge.expectedConfidence(option, criterion);
  }

  /**
   * Returns the complete answer text the default judge gives a cell: a JSON object {@code
   * {"score":7.3,"reasoning":"...","confidence":0.82}} with a reasoning of about 200 characters
   * that names the option and the criterion.
   *
   * @param option the option name
   * @param criterion the criterion name
   * @return the answer text
   */
  public static String expectedAnswer(String option, String criterion) {
    return CellJudge.expectedAnswer(option, criterion);
  }

  /**
   * Returns the default judge. For a request with {@code option_name} and {@code criterion_name}
   * blocks in its first user message it answers {@link #expectedAnswer(String, String)}; for any
   * other request (a connection test, say) a valid judgment derived from the last user message.
   * Custom judges may delegate to it.
   *
   * @return the default judge
   */
  public static Function<SimRequest, String> defaultJudge() {
    return CellJudge::answer;
  }

  /**
   * Returns the base URL, for example {@code http://127.0.0.1:53124}, without a trailing slash.
   *
   * @return the base URL
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Returns the base URL as the provider's client configuration expects it: for {@link
   * Protocol#OPENAI} with {@code /v1} (like {@code OPENAI_BASE_URL}), for the others the bare base
   * URL (like {@code ANTHROPIC_BASE_URL}, {@code OLLAMA_HOST}, {@code
   * AWS_ENDPOINT_URL_BEDROCK_RUNTIME}).
   *
   * @param protocol the protocol
   * @return the base URL for that provider's client
   */
  public String baseUrl(Protocol protocol) {
    return protocol == Protocol.OPENAI ? baseUrl() + "/v1" : baseUrl();
  }

  /**
   * Returns the port the simulator listens on.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns a snapshot of the counters.
   *
   * @return the snapshot
   */
  public SimStats stats() {
    return counters.snapshot();
  }

  /**
   * Returns the most recent requests, oldest first, up to the {@linkplain Builder#recordLimit(int)
   * record limit}.
   *
   * @return an immutable list
   */
  public List<RecordedRequest> requests() {
    return log.snapshot();
  }

  /**
   * Zeroes the counters (the maximum in flight restarts from the present in-flight count), restarts
   * the request sequence at 0 and forgets the recorded requests. The knobs stay as they are.
   */
  public void reset() {
    counters.reset();
    log.clear();
  }

  /**
   * Waits until the counters satisfy a condition, for tests that must know, say, that two requests
   * are in flight before sending a third. Re-checks on every counter change; no polling delay.
   *
   * @param condition the condition on a stats snapshot
   * @param timeout how long to wait at most
   * @return true when the condition held within the timeout, false when it did not or the thread
   *     was interrupted (the interrupt flag is then set again)
   */
  public boolean awaitStats(Predicate<? super SimStats> condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(timeout, "timeout");
    try {
      return counters.await(condition, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Sets a fixed latency for the following requests.
   *
   * @param latency the delay, not negative
   * @throws IllegalArgumentException if the delay is negative
   */
  public void setLatency(Duration latency) {
    settings.latency(LatencyModel.fixed(latency));
  }

  /**
   * Sets the latency model for the following requests.
   *
   * @param latency the model
   * @throws NullPointerException if the model is null
   */
  public void setLatency(LatencyModel latency) {
    settings.latency(Objects.requireNonNull(latency, "latency"));
  }

  /**
   * Limits the number of requests processed at once, for the following requests. Requests that
   * hold a slot of the previous limit give it back to that limit.
   *
   * @param maxInFlight the number of slots, at least 1
   * @param overflow what happens to a request when all slots are taken
   * @throws IllegalArgumentException if {@code maxInFlight} is below 1
   */
  public void setCapacity(int maxInFlight, Overflow overflow) {
    settings.capacity(new Capacity(maxInFlight, Objects.requireNonNull(overflow, "overflow")));
  }

  /**
   * Enforces and announces rate limits from now on, with full buckets; {@code null} lifts them.
   *
   * @param limit the limits, or {@code null} for none
   * @see RateLimit
   */
  public void setRateLimit(@Nullable RateLimit limit) {
    settings.rateBuckets(limit == null ? null : new RateBuckets(limit));
  }

  /** Removes the capacity limit for the following requests. */
  public void removeCapacityLimit() {
    settings.capacity(null);
  }

  /**
   * Sets the wait advised by 429 answers.
   *
   * @param retryAfter the wait, not negative
   * @throws IllegalArgumentException if the wait is negative
   */
  public void setRetryAfter(Duration retryAfter) {
    settings.retryAfter(Builder.nonNegative(retryAfter, "retryAfter"));
  }

  /**
   * Replaces the fault script. The random fault rate still applies to requests the script lets
   * through.
   *
   * @param faults the script, {@link FaultScript#none()} to stop scripted faults
   * @throws NullPointerException if the script is null
   */
  public void setFaults(FaultScript faults) {
    settings.faults(Objects.requireNonNull(faults, "faults"));
  }

  /**
   * Sets the random fault rate, seeded with the builder's {@linkplain Builder#seed(long) seed}.
   *
   * @param rate the probability of a fault per request, 0 to 1 (0 turns random faults off)
   * @param mix the faults to choose from; none given means {@link FaultScript#transientFaults()}
   * @throws IllegalArgumentException if the rate is outside 0 to 1
   */
  public void setFaultRate(double rate, Fault... mix) {
    settings.faultRate(FaultScripts.rate(rate, seed, List.of(mix)));
  }

  /**
   * Replaces the judge.
   *
   * @param judge the function from request to answer text; an exception it throws becomes a 500
   * @throws NullPointerException if the judge is null
   */
  public void setJudge(Function<? super SimRequest, String> judge) {
    settings.judge(Objects.requireNonNull(judge, "judge"));
  }

  /**
   * Stops the simulator: releases held (timeout-fault) requests, closes every connection (clients
   * waiting for an answer see an {@link IOException}), interrupts request threads and frees the
   * port. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the base URL and the knobs.
   *
   * @return a printable description
   */
  @Override
  public String toString() {
    return "LlmSimulator[" + baseUrl() + ", " + settings + (closed.get() ? ", closed" : "") + "]";
  }

  /**
   * Configures and starts an {@link LlmSimulator}. Each setter checks its argument at once. Not
   * thread-safe; a builder may start several simulators.
   */
  public static final class Builder {

    private int port;
    private int backlog = 1024;
    private LatencyModel latency = LatencyModel.none();
    private int maxInFlight;
    private Overflow overflow = Overflow.QUEUE;
    private Duration retryAfter = Duration.ofSeconds(1);
    private @Nullable RateLimit rateLimit;
    private FaultScript faults = FaultScript.none();
    private double faultRate;
    private List<Fault> faultMix = List.of();
    private long seed = 42;
    private Function<? super SimRequest, String> judge = CellJudge::answer;
    private @Nullable String apiKey;
    private Set<String> models = Set.of();
    private int recordLimit = 1000;

    private Builder() {}

    static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }

    /**
     * Sets the port; 0 (the default) picks a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the listen backlog (default 1024), the number of connections the OS queues before the
     * server accepts them.
     *
     * @param backlog at least 1
     * @return this builder
     * @throws IllegalArgumentException if the backlog is below 1
     */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /**
     * Sets a fixed latency (default none).
     *
     * @param latency the delay, not negative
     * @return this builder
     * @throws IllegalArgumentException if the delay is negative
     */
    public Builder latency(Duration latency) {
      this.latency = LatencyModel.fixed(latency);
      return this;
    }

    /**
     * Sets the latency model (default none).
     *
     * @param latency the model
     * @return this builder
     * @throws NullPointerException if the model is null
     */
    public Builder latency(LatencyModel latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /**
     * Limits the number of chat requests processed at once (default unlimited).
     *
     * @param maxInFlight the number of slots, at least 1
     * @param overflow what happens to a request when all slots are taken
     * @return this builder
     * @throws IllegalArgumentException if {@code maxInFlight} is below 1
     */
    public Builder capacity(int maxInFlight, Overflow overflow) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /**
     * Enforces and announces rate limits (default none): requests and tokens per window, with
     * the providers' rate-limit headers on every OpenAI and Anthropic answer and 429 beyond them.
     *
     * @param limit the limits
     * @return this builder
     * @see RateLimit
     */
    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /**
     * Sets the wait 429 answers advise (default 1 s): {@code Retry-After} in whole seconds rounded
     * up, {@code retry-after-ms} exact, {@code x-ratelimit-reset-requests} like {@code 250ms}.
     *
     * @param retryAfter the wait, not negative
     * @return this builder
     * @throws IllegalArgumentException if the wait is negative
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = nonNegative(retryAfter, "retryAfter");
      return this;
    }

    /**
     * Sets the fault script (default none). The random {@linkplain #faultRate(double, Fault...)
     * fault rate} applies to requests the script lets through.
     *
     * @param faults the script
     * @return this builder
     * @throws NullPointerException if the script is null
     */
    public Builder faults(FaultScript faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Injects random faults (default rate 0), chosen uniformly from {@code mix}, reproducibly from
     * the {@linkplain #seed(long) seed} and each request's sequence number.
     *
     * @param rate the probability of a fault per request, 0 to 1
     * @param mix the faults to choose from; none given means {@link FaultScript#transientFaults()}
     * @return this builder
     * @throws IllegalArgumentException if the rate is outside 0 to 1
     * @throws NullPointerException if a fault is null
     */
    public Builder faultRate(double rate, Fault... mix) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("faultRate must be between 0 and 1, got " + rate);
      }
      this.faultRate = rate;
      this.faultMix = List.of(mix);
      return this;
    }

    /**
     * Sets the seed of the random fault rate (default 42).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the judge (default {@link LlmSimulator#defaultJudge()}): a function from request to
     * answer text, called on the request's thread after the latency. It may block, for example on
     * a latch that holds requests in flight; an exception it throws becomes a 500.
     *
     * @param judge the judge
     * @return this builder
     * @throws NullPointerException if the judge is null
     */
    public Builder judge(Function<? super SimRequest, String> judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /**
     * Requires an API key: OpenAI requests must send {@code Authorization: Bearer KEY}, Anthropic
     * requests {@code x-api-key: KEY}; others get 401 in the protocol's error shape. Ollama has no
     * authentication; Bedrock only ever needs some {@code Authorization} header (403 without).
     *
     * @param apiKey the key, not blank
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder requireApiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the known models (default: every model is known). A request for another model gets 404
     * in the protocol's error shape; the listing endpoints show these models.
     *
     * @param models the model names (Bedrock: model ids), not empty
     * @return this builder
     * @throws IllegalArgumentException if the set is empty
     * @throws NullPointerException if the set or a name is null
     */
    public Builder models(Set<String> models) {
      Set<String> copy = Set.copyOf(models);
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("models must not be empty");
      }
      this.models = copy;
      return this;
    }

    /**
     * Sets how many recent requests {@link LlmSimulator#requests()} keeps (default 1000).
     *
     * @param limit 0 (record nothing) or more
     * @return this builder
     * @throws IllegalArgumentException if the limit is negative
     */
    public Builder recordLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("recordLimit must not be negative, got " + limit);
      }
      this.recordLimit = limit;
      return this;
    }

    /**
     * Starts a simulator with this configuration.
     *
     * @return the running simulator; close it to stop it
     * @throws UncheckedIOException if the port cannot be bound
     */
    public LlmSimulator start() {
      return new LlmSimulator(this);
    }
  }
}
