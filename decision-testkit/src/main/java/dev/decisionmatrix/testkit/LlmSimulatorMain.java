package dev.decisionmatrix.testkit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link LlmSimulator} from the command line until the process is killed. Prints the base
 * URL (and nothing else) on stdout, the configuration on stderr.
 *
 * <pre>
 * java -cp ... dev.decisionmatrix.testkit.LlmSimulatorMain --port 8089 --latency-ms 200 \
 *     --capacity 8 --overflow=reject --fault-rate 0.05
 * </pre>
 *
 * <p>Run with {@code --help} for every flag.
 */
public final class LlmSimulatorMain {

  static final String USAGE =
      """
      Usage: LlmSimulatorMain [flags]   (flags take "--flag value" or "--flag=value")
        --port N               port on 127.0.0.1 (default 0: a free port)
        --latency-ms N|MIN-MAX fixed latency, or uniform between MIN and MAX (default 0)
        --latency-sigma S      with --latency-ms N: log-normal latency with median N and sigma S
        --capacity N           at most N requests processed at once (default unlimited)
        --overflow reject|queue  beyond capacity: answer 429 or wait (default queue)
        --retry-after-ms N     wait advised by 429 answers (default 1000)
        --rpm N                enforce and announce N requests per minute (default unlimited)
        --tpm N                enforce and announce N tokens per minute (default unlimited)
        --fault-rate R         probability 0..1 of a random fault per request (default 0)
        --faults LIST          comma-separated faults to choose from: 429,500,502,503,529,
                               timeout,reset,malformed-json,out-of-range,prose,truncated,drip,
                               echo (a 401 quoting the request headers, keys included)
                               (default 429,500,502,503)
        --seed N               seed of random latency and faults (default 42)
        --api-key KEY          require this API key (OpenAI Bearer, Anthropic x-api-key)
        --models A,B           known models; others get 404 (default: any model)
        --help                 print this help and exit
      Endpoints: POST /v1/chat/completions, GET /v1/models, POST /v1/messages, POST /api/chat,
      GET /api/tags, POST /model/{modelId}/converse.
      """;

  private LlmSimulatorMain() {}

  /**
   * Starts the simulator, prints its base URL on stdout and blocks until the process ends. Exits
   * with status 2 and the usage on stderr for a bad flag.
   *
   * @param args the flags; {@code --help} lists them
   * @throws InterruptedException if the main thread is interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    LlmSimulator.Builder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    LlmSimulator simulator = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "llm-simulator-shutdown"));
    PrintStream out = System.out;
    out.println(simulator.baseUrl());
    out.flush();
    System.err.println(simulator);
    stopped.await();
  }

  /**
   * Reads the flags into a builder.
   *
   * @throws IllegalArgumentException for an unknown flag or a bad value, naming both
   */
  static LlmSimulator.Builder parse(String... args) {
    LlmSimulator.Builder b = LlmSimulator.builder();
    String latency = null;
    Double sigma = null;
    Integer capacity = null;
    Integer rpm = null;
    Long tpm = null;
    Overflow overflow = Overflow.QUEUE;
    double faultRate = 0;
    List<Fault> mix = List.of();
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (name) {
          case "port" -> b.port(Integer.parseInt(value));
          case "latency-ms" -> latency = value;
          case "latency-sigma" -> sigma = Double.parseDouble(value);
          case "capacity" -> capacity = Integer.parseInt(value);
          case "rpm" -> rpm = Integer.parseInt(value);
          case "tpm" -> tpm = Long.parseLong(value);
          case "overflow" -> overflow = Overflow.valueOf(value.toUpperCase(Locale.ROOT));
          case "retry-after-ms" -> b.retryAfter(Duration.ofMillis(Long.parseLong(value)));
          case "fault-rate" -> faultRate = Double.parseDouble(value);
          case "faults" -> mix = faults(value);
          case "seed" -> seed = Long.parseLong(value);
          case "api-key" -> b.requireApiKey(value);
          case "models" -> b.models(list(value));
          default -> throw new IllegalArgumentException("unknown flag --" + name);
        }
      } catch (IllegalArgumentException e) {
        // NumberFormatException is an IllegalArgumentException: name the flag in every case.
        if (e.getMessage() != null && e.getMessage().startsWith("unknown flag")) {
          throw e;
        }
        throw new IllegalArgumentException("bad value '" + value + "' for --" + name + ": " + e.getMessage(), e);
      }
    }
    b.seed(seed);
    if (latency != null) {
      b.latency(latency(latency, sigma, seed));
    }
    if (capacity != null) {
      b.capacity(capacity, overflow);
    }
    if (rpm != null || tpm != null) {
      b.rateLimit(RateLimit.perMinute(rpm == null ? Integer.MAX_VALUE : rpm, tpm == null ? Long.MAX_VALUE : tpm));
    }
    b.faultRate(faultRate, mix.toArray(Fault[]::new));
    return b;
  }

  private static LatencyModel latency(String value, Double sigma, long seed) {
    int dash = value.indexOf('-');
    if (dash > 0) {
      Duration min = Duration.ofMillis(Long.parseLong(value.substring(0, dash).trim()));
      Duration max = Duration.ofMillis(Long.parseLong(value.substring(dash + 1).trim()));
      return LatencyModel.uniform(min, max, seed);
    }
    Duration fixed = Duration.ofMillis(Long.parseLong(value.trim()));
    return sigma == null ? LatencyModel.fixed(fixed) : LatencyModel.logNormal(fixed, sigma, seed);
  }

  private static List<Fault> faults(String value) {
    List<Fault> out = new ArrayList<>();
    for (String s : list(value)) {
      out.add(Fault.parse(s));
    }
    return out;
  }

  private static Set<String> list(String value) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
