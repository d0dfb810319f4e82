package dev.decisionmatrix.mcp;

import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.mcp.http.BearerTokens;
import dev.decisionmatrix.mcp.judge.BackendNames;
import dev.decisionmatrix.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The server's configuration: command-line flags over environment variables over defaults.
 * Immutable. {@link #parse(String[], Map)} reports every mistake as a {@link UsageException} whose
 * message names the flag or variable and what is expected.
 *
 * @param help whether {@code --help} was given
 * @param version whether {@code --version} was given
 * @param http whether to serve Streamable HTTP instead of stdio
 * @param host the address to bind in HTTP mode
 * @param port the port to bind in HTTP mode (0: any free port)
 * @param allowedHosts extra Host header values accepted in HTTP mode (loopback names always are)
 * @param allowedOrigins extra Origin header values accepted in HTTP mode
 * @param backend the server's default judge ({@code sampling}, {@code openai}, ...), or {@code null}
 *     for automatic (MCP sampling when the client offers it, else the backend the environment
 *     configures)
 * @param model the default model, or {@code null} for the backend's own
 * @param maxConcurrency the most backend calls in flight at once; each provider starts at {@link
 *     #INITIAL_CONCURRENCY} (or this, if lower) and climbs while it keeps up
 * @param samplingConcurrency the most MCP sampling requests in flight at once per client
 * @param dataDir where session files live, or {@code null} to keep sessions in memory only
 * @param cacheDir where judgments are cached across restarts (by default {@code <dataDir>/cache}),
 *     or {@code null} to cache them in memory only
 * @param sessionTtl how long an unused session lives
 * @param maxSessions the most sessions kept
 * @param verbose whether to log debug output to stderr
 * @param httpToken the bearer token HTTP clients must send, or {@code null} for none
 * @param maxRequestBytes the largest HTTP request body accepted
 * @param prices the token prices costs are reported with: {@link PriceTable#defaults()} under the
 *     entries of {@code --prices} or {@value #ENV_PRICES}
 * @param redisUrl the Redis server sessions and judgments are shared through ({@code redis://} or
 *     {@code rediss://}, possibly with a password), or {@code null} for the file store; never
 *     printed as is: see {@link #redactedRedisUrl()}
 * @param stateless whether HTTP mode serves the SDK's stateless Streamable HTTP transport (no MCP
 *     sessions, no sampling) for round-robin load balancing
 * @param callTimeout how long one LLM call may take ({@code --call-timeout} or {@value #ENV_CALL_TIMEOUT})
 * @param callTimeoutSource the flag or variable the call timeout came from, named in timeout errors
 * @param maxRetries how often a failed LLM call is retried ({@code --max-retries} or {@value #ENV_MAX_RETRIES})
 * @param httpTokens the bearer tokens HTTP clients must send and the caller each stands for: the
 *     principals of {@code --http-tokens-file} or {@value #ENV_HTTP_TOKENS_FILE}, else the one
 *     {@code httpToken} (the local user), else none
 */
public record ServerOptions(
    boolean help,
    boolean version,
    boolean http,
    String host,
    int port,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    @Nullable String backend,
    @Nullable String model,
    int maxConcurrency,
    int samplingConcurrency,
    @Nullable Path dataDir,
    @Nullable Path cacheDir,
    Duration sessionTtl,
    int maxSessions,
    boolean verbose,
    @Nullable String httpToken,
    int maxRequestBytes,
    PriceTable prices,
    @Nullable String redisUrl,
    boolean stateless,
    Duration callTimeout,
    String callTimeoutSource,
    int maxRetries,
    BearerTokens httpTokens) {

  /** Default HTTP bind address: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default HTTP port. */
  public static final int DEFAULT_PORT = 8080;

  /**
   * Default limit of backend calls in flight, the ceiling each provider's adaptive limit may climb
   * to while the provider keeps up.
   */
  public static final int DEFAULT_MAX_CONCURRENCY = 64;

  /**
   * Where each provider's adaptive limit starts (or at {@code --max-concurrency} if that is lower):
   * cautious for a provider that allows little, climbing within a few rounds on one that allows more.
   */
  public static final int INITIAL_CONCURRENCY = 16;

  /** Default limit of MCP sampling requests in flight per client. */
  public static final int DEFAULT_SAMPLING_CONCURRENCY = 4;

  /** Default largest HTTP request body: 1 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

  /** Environment variable: default judge. */
  public static final String ENV_BACKEND = "DECISION_MATRIX_BACKEND";

  /** Environment variable: default model. */
  public static final String ENV_MODEL = "DECISION_MATRIX_MODEL";

  /** Environment variable: concurrency limit. */
  public static final String ENV_MAX_CONCURRENCY = "DECISION_MATRIX_MAX_CONCURRENCY";

  /** Environment variable: sampling concurrency limit. */
  public static final String ENV_SAMPLING_CONCURRENCY = "DECISION_MATRIX_SAMPLING_CONCURRENCY";

  /** Environment variable: session directory. */
  public static final String ENV_DATA_DIR = "DECISION_MATRIX_DATA_DIR";

  /** Environment variable: judgment cache directory. */
  public static final String ENV_CACHE_DIR = "DECISION_MATRIX_CACHE_DIR";

  /** The judgment cache's directory inside the data directory, unless {@link #ENV_CACHE_DIR} says otherwise. */
  public static final String CACHE_SUBDIRECTORY = "cache";

  /** Environment variable: a file of {@code principal:sha256:<digest>} lines, one bearer token per principal. */
  public static final String ENV_HTTP_TOKENS_FILE = "DECISION_MATRIX_HTTP_TOKENS_FILE";

  /** Environment variable: HTTP bearer token. */
  public static final String ENV_HTTP_TOKEN = "DECISION_MATRIX_HTTP_TOKEN";

  /** Environment variable: session time to live. */
  public static final String ENV_SESSION_TTL = "DECISION_MATRIX_SESSION_TTL";

  /** Environment variable: token prices, a {@code model=IN/OUT} list, JSON, or a file holding either. */
  public static final String ENV_PRICES = "DECISION_MATRIX_PRICES";

  /** Environment variable: the Redis URL that makes instances share sessions and judgments. */
  public static final String ENV_REDIS_URL = "DECISION_MATRIX_REDIS_URL";

  /** Environment variable: {@code true} for the stateless HTTP transport, like {@code --stateless}. */
  public static final String ENV_STATELESS = "DECISION_MATRIX_STATELESS";

  /** Environment variable: how long one LLM call may take. */
  public static final String ENV_CALL_TIMEOUT = "DECISION_MATRIX_CALL_TIMEOUT";

  /** Environment variable: how often a failed LLM call is retried. */
  public static final String ENV_MAX_RETRIES = "DECISION_MATRIX_MAX_RETRIES";

  /** Default time one LLM call may take, MCP sampling round trips included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

  /** Default number of retries of a failed LLM call (the engine's default policy). */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Shortest bearer token accepted off loopback (and warned about below it on loopback). */
  public static final int MIN_TOKEN_LENGTH = 32;

  /** Environment variable: session limit. */
  public static final String ENV_MAX_SESSIONS = "DECISION_MATRIX_MAX_SESSIONS";

  private static final Pattern REDIS_SCHEME = Pattern.compile("(?i)rediss?://");

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

  /** Copies the lists. */
  public ServerOptions {
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /**
   * Parses flags and environment.
   *
   * @param args the command-line arguments
   * @param env the environment variables
   * @return the options
   * @throws UsageException naming the first flag or variable that is wrong
   */
  public static ServerOptions parse(String[] args, Map<String, String> env) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(env, "env");
    boolean help = false;
    boolean version = false;
    boolean http = false;
    boolean verbose = false;
    boolean inMemory = false;
    boolean inMemoryCache = false;
    String host = null;
    String port = null;
    List<String> allowedHosts = new ArrayList<>();
    List<String> allowedOrigins = new ArrayList<>();
    String backend = env(env, ENV_BACKEND);
    String backendSource = ENV_BACKEND;
    String model = env(env, ENV_MODEL);
    String maxConcurrency = env(env, ENV_MAX_CONCURRENCY);
    String maxConcurrencySource = ENV_MAX_CONCURRENCY;
    String samplingConcurrency = env(env, ENV_SAMPLING_CONCURRENCY);
    String samplingSource = ENV_SAMPLING_CONCURRENCY;
    String dataDir = env(env, ENV_DATA_DIR);
    String cacheDir = env(env, ENV_CACHE_DIR);
    String ttl = env(env, ENV_SESSION_TTL);
    String ttlSource = ENV_SESSION_TTL;
    String maxSessions = env(env, ENV_MAX_SESSIONS);
    String maxSessionsSource = ENV_MAX_SESSIONS;
    String maxRequestBytes = null;
    String prices = env(env, ENV_PRICES);
    String pricesSource = ENV_PRICES;
    String redisUrl = env(env, ENV_REDIS_URL);
    String redisSource = ENV_REDIS_URL;
    boolean stateless = flag(ENV_STATELESS, env(env, ENV_STATELESS));
    String statelessSource = ENV_STATELESS + "=true";
    String callTimeout = env(env, ENV_CALL_TIMEOUT);
    String callTimeoutSource = ENV_CALL_TIMEOUT;
    String maxRetries = env(env, ENV_MAX_RETRIES);
    String maxRetriesSource = ENV_MAX_RETRIES;
    String tokensFile = env(env, ENV_HTTP_TOKENS_FILE);
    String tokensFileSource = ENV_HTTP_TOKENS_FILE;

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> help = true;
        case "-V", "--version" -> version = true;
        case "--stdio" -> http = false;
        case "--http" -> http = true;
        case "-v", "--verbose" -> verbose = true;
        case "--in-memory" -> inMemory = true;
        case "--in-memory-cache" -> inMemoryCache = true;
        case "--host" -> host = value(args, i, name, inlineValue);
        case "--port" -> port = value(args, i, name, inlineValue);
        case "--allowed-hosts" -> allowedHosts.addAll(list(value(args, i, name, inlineValue)));
        case "--allowed-origins" -> allowedOrigins.addAll(list(value(args, i, name, inlineValue)));
        case "--backend" -> {
          backend = value(args, i, name, inlineValue);
          backendSource = name;
        }
        case "--model" -> model = value(args, i, name, inlineValue);
        case "--max-concurrency" -> {
          maxConcurrency = value(args, i, name, inlineValue);
          maxConcurrencySource = name;
        }
        case "--sampling-concurrency" -> {
          samplingConcurrency = value(args, i, name, inlineValue);
          samplingSource = name;
        }
        case "--data-dir" -> dataDir = value(args, i, name, inlineValue);
        case "--cache-dir" -> cacheDir = value(args, i, name, inlineValue);
        case "--session-ttl" -> {
          ttl = value(args, i, name, inlineValue);
          ttlSource = name;
        }
        case "--max-sessions" -> {
          maxSessions = value(args, i, name, inlineValue);
          maxSessionsSource = name;
        }
        case "--max-request-bytes" -> maxRequestBytes = value(args, i, name, inlineValue);
        case "--prices" -> {
          prices = value(args, i, name, inlineValue);
          pricesSource = name;
        }
        case "--redis-url" -> {
          redisUrl = value(args, i, name, inlineValue);
          redisSource = name;
        }
        case "--stateless" -> {
          stateless = true;
          statelessSource = name;
        }
        case "--call-timeout" -> {
          callTimeout = value(args, i, name, inlineValue);
          callTimeoutSource = name;
        }
        case "--max-retries" -> {
          maxRetries = value(args, i, name, inlineValue);
          maxRetriesSource = name;
        }
        case "--http-tokens-file" -> {
          tokensFile = value(args, i, name, inlineValue);
          tokensFileSource = name;
        }
        default -> throw new UsageException("unknown option \"" + ServerStorage.redact(arg) + "\"; run with --help to see every option");
      }
      if (inlineValue != null && !takesValue(name)) {
        throw new UsageException("option " + name + " takes no value but was given \"" + inlineValue + "\"");
      }
      if (inlineValue == null && takesValue(name)) {
        i++;
      }
    }

    if (backend != null) {
      backend = backend.strip().toLowerCase(Locale.ROOT);
      if (backend.isEmpty() || backend.equals("auto")) {
        backend = null;
      } else if (!BackendNames.isKnown(backend)) {
        throw new UsageException(
            backendSource + " \"" + backend + "\" is not a known backend; use one of: auto, " + String.join(", ", BackendNames.all())
                + " (aliases: litellm, vllm, lmstudio, openrouter for openai; claude for anthropic; aws for bedrock)");
      } else {
        backend = BackendNames.normalize(backend);
      }
    }
    if (stateless && !http) {
      throw new UsageException(statelessSource + " needs --http: the stateless transport is Streamable HTTP without MCP sessions,"
          + " for several instances behind a round-robin load balancer; stdio serves one client per process and needs no such mode");
    }
    if (stateless && "sampling".equals(backend)) {
      throw new UsageException(backendSource + " sampling cannot be used with " + statelessSource
          + ": a stateless server cannot send sampling requests to the client; configure a provider (e.g. OPENAI_API_KEY) instead");
    }
    if (redisUrl != null) {
      redisUrl = redisUrl.strip();
      if (!REDIS_SCHEME.matcher(redisUrl).lookingAt()) {
        throw new UsageException(redisSource + " must be a Redis URL, redis://[:password@]host[:port][/database] or rediss://... for TLS,"
            + " but was \"" + ServerStorage.redact(redisUrl) + "\"");
      }
    }
    if ("--http-tokens-file".equals(tokensFileSource) && !http) {
      throw new UsageException("--http-tokens-file needs --http: over stdio the one client is the local user");
    }
    String token = httpToken(env);
    BearerTokens tokens = BearerTokens.single(token);
    if (tokensFile != null) {
      if (token != null) {
        throw new UsageException("both " + ENV_HTTP_TOKEN + " and " + tokensFileSource + " are set: use one shared token or a tokens file"
            + " with one token per principal, not both");
      }
      try {
        tokens = BearerTokens.load(Path.of(tokensFile));
      } catch (IllegalArgumentException e) {
        throw new UsageException(tokensFileSource + ": " + e.getMessage());
      }
    }
    Path dir = null;
    if (!inMemory) {
      dir = dataDir != null ? Path.of(dataDir) : DataDirectory.defaultFor(System.getProperty("os.name", ""), env, System.getProperty("user.home", "."));
    }
    // A cache directory named outright is used even with --in-memory; --in-memory-cache overrides both.
    Path cache = null;
    if (!inMemoryCache) {
      cache = cacheDir != null ? Path.of(cacheDir) : dir == null ? null : dir.resolve(CACHE_SUBDIRECTORY);
    }
    return new ServerOptions(
        help,
        version,
        http,
        host == null ? DEFAULT_HOST : host.strip(),
        port == null ? DEFAULT_PORT : integer("--port", port, 0, 65_535),
        allowedHosts,
        allowedOrigins,
        backend,
        model == null || model.isBlank() ? null : model.strip(),
        maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : integer(maxConcurrencySource, maxConcurrency, 1, 10_000),
        samplingConcurrency == null ? DEFAULT_SAMPLING_CONCURRENCY : integer(samplingSource, samplingConcurrency, 1, 1_000),
        dir,
        cache,
        ttl == null ? StoreOptions.DEFAULT_TTL : duration(ttlSource, ttl),
        maxSessions == null ? StoreOptions.DEFAULT_MAX_SESSIONS : integer(maxSessionsSource, maxSessions, 1, 1_000_000),
        verbose,
        token,
        maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : integer("--max-request-bytes", maxRequestBytes, 1_024, 64 << 20),
        prices == null ? PriceTable.defaults() : prices(pricesSource, prices),
        redisUrl,
        stateless,
        callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout(callTimeoutSource, callTimeout),
        callTimeout == null ? "--call-timeout (or " + ENV_CALL_TIMEOUT + ")" : callTimeoutSource,
        maxRetries == null ? DEFAULT_MAX_RETRIES : integer(maxRetriesSource, maxRetries, 0, 19),
        tokens);
  }

  /** A set but blank token would silently mean "no authentication": refuse it. */
  private static @Nullable String httpToken(Map<String, String> env) {
    String token = env.get(ENV_HTTP_TOKEN);
    if (token != null && token.isBlank()) {
      throw new UsageException(ENV_HTTP_TOKEN + " is set but blank: set it to a random secret of at least " + MIN_TOKEN_LENGTH
          + " characters (e.g. the output of openssl rand -hex 32), or unset it to serve loopback without authentication");
    }
    return token == null ? null : token.strip();
  }

  private static Duration callTimeout(String source, String text) {
    Duration d = duration(source, text);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new UsageException(source + " must be between 1s and 1h but was \"" + text + "\"");
    }
    return d;
  }

  /**
   * Returns the Redis URL with any user and password replaced by {@code ***}, for messages and logs.
   *
   * @return the redacted URL, or {@code null} without Redis
   */
  public @Nullable String redactedRedisUrl() {
    return redisUrl == null ? null : ServerStorage.redact(redisUrl);
  }

  /** Leaves the HTTP token and the Redis password out. */
  @Override
  public String toString() {
    return "ServerOptions[http=" + http + ", host=" + host + ", port=" + port + ", stateless=" + stateless + ", backend=" + backend
        + ", model=" + model + ", dataDir=" + dataDir + ", cacheDir=" + cacheDir + ", redis=" + redactedRedisUrl()
        + ", httpToken=" + (httpToken == null ? "none" : "***") + ", httpTokens=" + httpTokens + "]";
  }

  private static boolean flag(String source, @Nullable String value) {
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new UsageException(source + " must be true or false but was \"" + value + "\"");
    };
  }

  /**
   * Reads prices given inline ({@code gpt-4o-mini=0.15/0.60}, or JSON) or as a file holding them,
   * on top of the defaults.
   */
  private static PriceTable prices(String source, String value) {
    String v = value.strip();
    try {
      if (v.contains("=") || v.startsWith("{") || v.startsWith("[")) {
        return PriceTable.defaults().with(PriceTable.parse(v));
      }
      return PriceTable.defaults().with(PriceTable.read(Path.of(v)));
    } catch (IllegalArgumentException e) { // InvalidPathException included
      throw new UsageException(source + " is not a valid price list: " + e.getMessage()
          + ". Give model=IN/OUT entries in dollars per million input/output tokens, e.g. gpt-4o-mini=0.15/0.60,my-model=1/2,"
          + " or JSON, or the path of a file holding either");
    }
  }

  /** Returns the options for the store the sessions live in. */
  public StoreOptions storeOptions() {
    return StoreOptions.defaults().withTtl(sessionTtl).withMaxSessions(maxSessions);
  }

  private static boolean takesValue(String flag) {
    return switch (flag) {
      case "--host", "--port", "--allowed-hosts", "--allowed-origins", "--backend", "--model", "--max-concurrency",
          "--sampling-concurrency", "--data-dir", "--cache-dir", "--session-ttl", "--max-sessions", "--max-request-bytes",
          "--prices", "--redis-url", "--call-timeout", "--max-retries", "--http-tokens-file" -> true;
      default -> false;
    };
  }

  private static @Nullable String env(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String value(String[] args, int i, String flag, @Nullable String inline) {
    if (inline != null) {
      if (inline.isBlank()) {
        throw new UsageException("option " + flag + " needs a value, e.g. " + flag + "=" + example(flag));
      }
      return inline;
    }
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new UsageException("option " + flag + " needs a value, e.g. " + flag + " " + example(flag));
    }
    return args[i + 1];
  }

  private static String example(String flag) {
    return switch (flag) {
      case "--host" -> "127.0.0.1";
      case "--port" -> "8080";
      case "--allowed-hosts" -> "mcp.example.com";
      case "--allowed-origins" -> "https://app.example.com";
      case "--backend" -> "openai";
      case "--model" -> "gpt-4.1-mini";
      case "--data-dir" -> "/var/lib/decision-matrix";
      case "--cache-dir" -> "/var/cache/decision-matrix";
      case "--session-ttl" -> "7d";
      case "--max-request-bytes" -> "1048576";
      case "--redis-url" -> "redis://:password@redis.internal:6379/0";
      case "--call-timeout" -> "90s";
      case "--max-retries" -> "3";
      case "--http-tokens-file" -> "/etc/decision-matrix/tokens";
      default -> "8";
    };
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  static int integer(String source, String text, int min, int max) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n < min || n > max) {
        throw new UsageException(source + " must be between " + min + " and " + max + " but was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(source + " must be a whole number between " + min + " and " + max + " but was \"" + text + "\"");
    }
  }

  /**
   * Parses a duration: {@code 90s}, {@code 45m}, {@code 12h}, {@code 30d} or ISO-8601 ({@code PT12H}).
   *
   * @param source the flag or variable, for the message
   * @param text the text
   * @return the positive duration
   * @throws UsageException if the text is not a positive duration
   */
  static Duration duration(String source, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SIMPLE_DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new UsageException(
          source + " must be a positive duration such as 90m, 12h, 30d or PT12H but was \"" + text + "\"");
    }
    return d;
  }
}
