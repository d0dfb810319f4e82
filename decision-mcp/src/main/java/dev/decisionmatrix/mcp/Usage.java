package dev.decisionmatrix.mcp;

/** The text {@code --help} prints. */
final class Usage {

  private Usage() {}

  static String text() {
    return """
        decision-mcp %s: an MCP server for weighted decision matrices judged by an LLM.

        Usage:
          java -jar decision-mcp.jar [options]            serve MCP over stdio (the default)
          java -jar decision-mcp.jar --http [options]     serve MCP over Streamable HTTP at /mcp

        Options:
          --stdio                     serve over stdin/stdout (default)
          --http                      serve Streamable HTTP at http://HOST:PORT/mcp
          --host HOST                 address to bind in HTTP mode (default 127.0.0.1, loopback only)
          --port PORT                 port in HTTP mode (default 8080; 0 picks a free port)
          --allowed-hosts H1,H2       extra Host header values to accept in HTTP mode (localhost, 127.0.0.1
                                      and [::1] always are; "*" accepts any host: only behind a proxy that checks it)
          --allowed-origins O1,O2     extra Origin header values to accept in HTTP mode
                                      (origins on an allowed host are accepted)
          --max-request-bytes N       largest HTTP request body (default 1048576); larger ones get 413
          --http-tokens-file FILE     with --http: one bearer token per principal, a line principal:sha256:<hex
                                      SHA-256 of the token> each; a principal sees only the sessions it created
          --stateless                 with --http: the stateless Streamable HTTP transport (no MCP sessions), for
                                      several instances behind a round-robin load balancer. No MCP sampling there:
                                      the judge is the configured provider (--backend or the variables below).
                                      Without it, an MCP session stays on the instance that created it (route
                                      sticky on the Mcp-Session-Id header). GET /healthz and /readyz answer in
                                      HTTP mode without the bearer token
          --backend NAME              default judge: auto, sampling, openai, anthropic, ollama, bedrock
                                      (aliases: litellm, vllm, lmstudio, openrouter = openai; claude = anthropic)
          --model NAME                default model of the default backend
          --max-concurrency N         most LLM calls in flight at once (default 64); each provider starts at 16
                                      (or N if lower) and climbs while it answers without 429s, overload
                                      or slowing down
          --sampling-concurrency N    most MCP sampling requests in flight per client (default 4)
          --data-dir DIR              where sessions are stored (they survive restarts)
          --in-memory                 keep sessions in memory only (and judgments too, unless --cache-dir is given)
          --cache-dir DIR             where judgments are cached, so a restarted server does not ask the LLM again
                                      (default DATA_DIR/cache)
          --in-memory-cache           cache judgments in memory only (they are judged again after a restart)
          --redis-url URL             share sessions and judgments with other instances through Redis:
                                      redis://[[user]:password@]host[:port][/database], rediss://... for TLS.
                                      Sessions live in Redis (not the data directory); judgments are cached in
                                      memory and in Redis. Without it sessions are files in the data directory
          --prices LIST|FILE          token prices in dollars per million input/output tokens, over the defaults:
                                      gpt-4o-mini=0.15/0.60,my-model=1/2 (ollama:*=0/0 for local models), JSON, or a
                                      file holding either; models without a price are reported as of unknown cost
          --call-timeout DURATION     how long one LLM call may take, e.g. 90s, 10m (default 5m, at most 1h)
          --max-retries N             how often a failed LLM call is retried, 0 to 19 (default 3)
          --session-ttl DURATION      how long an unused session is kept, e.g. 12h, 30d, PT90M (default 30d)
          --max-sessions N            most sessions kept; the least recently used go first (default 1000)
          -v, --verbose               debug logging on stderr
          -V, --version               print the version and exit
          -h, --help                  print this help and exit

        Environment (flags override):
          DECISION_MATRIX_BACKEND     like --backend. Unset ("auto"): MCP sampling (the host's own model) when the
                                      client supports it, else the provider the variables below configure
          DECISION_MATRIX_MODEL       like --model
          DECISION_MATRIX_MAX_CONCURRENCY       like --max-concurrency
          DECISION_MATRIX_SAMPLING_CONCURRENCY  like --sampling-concurrency
          DECISION_MATRIX_DATA_DIR    like --data-dir. Default: $XDG_DATA_HOME/decision-matrix or
                                      ~/.local/share/decision-matrix (Linux), ~/Library/Application Support/
                                      decision-matrix (macOS), %%APPDATA%%\\decision-matrix (Windows)
          DECISION_MATRIX_CACHE_DIR   like --cache-dir
          DECISION_MATRIX_PRICES      like --prices
          DECISION_MATRIX_CALL_TIMEOUT          like --call-timeout
          DECISION_MATRIX_MAX_RETRIES           like --max-retries
          DECISION_MATRIX_SESSION_TTL like --session-ttl
          DECISION_MATRIX_MAX_SESSIONS          like --max-sessions
          DECISION_MATRIX_REDIS_URL   like --redis-url (keeps the password off the command line)
          DECISION_MATRIX_STATELESS   true: like --stateless
          DECISION_MATRIX_HTTP_TOKEN  bearer token HTTP clients must send ("Authorization: Bearer <token>");
                                      required to bind a non-loopback address (then at least 32 characters);
                                      every holder is the same user and sees the same sessions
          DECISION_MATRIX_HTTP_TOKENS_FILE      like --http-tokens-file (instead of DECISION_MATRIX_HTTP_TOKEN)
          OPENAI_API_KEY, OPENAI_BASE_URL       OpenAI or an OpenAI-compatible server (LiteLLM, vLLM, ...)
          ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL Anthropic
          OLLAMA_HOST                 Ollama, e.g. localhost:11434
          AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_BEDROCK_RUNTIME   AWS Bedrock (credentials: default AWS chain)

        In stdio mode stdout carries only MCP messages; logs go to stderr.
        Exit codes: 0 ok, 1 failure while running, 2 bad option or configuration.
        """.formatted(Version.get());
  }
}
