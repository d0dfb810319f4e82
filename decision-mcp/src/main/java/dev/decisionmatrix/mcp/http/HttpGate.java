package dev.decisionmatrix.mcp.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decisionmatrix.mcp.MessageGuard;
import dev.decisionmatrix.mcp.tools.Caller;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Guards the HTTP endpoint before the SDK sees a request, in this order: the Host header must name
 * an allowed host (DNS-rebinding protection, 403), an Origin header must be allowed (403), the
 * bearer token must be one of those configured (401 with {@code WWW-Authenticate}; the caller it
 * stands for becomes a request attribute for the transport context; with several principals an
 * MCP session answers only the principal that started it, others get 404 as for an unknown
 * session), and a body
 * may not exceed the limit (413). Then the body goes through the {@link MessageGuard}, which
 * answers malformed messages with a plain JSON-RPC error (400), applies cancellations and tags tool
 * calls with their request key. Error answers of the SDK and of Tomcat pass through a {@link
 * CleanErrorResponse}, so none carries a stack trace or a class name.
 */
public final class HttpGate implements Filter {

  /** The realm named in {@code WWW-Authenticate}. */
  public static final String REALM = "decision-matrix";

  /** How long the principal of an idle MCP session is remembered. */
  static final Duration MCP_SESSION_MEMORY = Duration.ofDays(1);

  /** The most MCP sessions whose principal is remembered. */
  static final long MAX_MCP_SESSIONS = 100_000;

  /** The request attribute that holds the authenticated {@link Caller}. */
  static final String CALLER_ATTRIBUTE = "dev.decisionmatrix.caller";

  private final HttpSecurity security;
  private final MessageGuard guard;
  private final int maxBodyBytes;
  private final @Nullable Cache<String, Caller> mcpSessionCallers;

  /**
   * Creates the gate.
   *
   * @param security the host, origin and token policy
   * @param guard inspects JSON-RPC bodies
   * @param maxBodyBytes the largest body accepted
   */
  public HttpGate(HttpSecurity security, MessageGuard guard, int maxBodyBytes) {
    this.security = Objects.requireNonNull(security, "security");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.maxBodyBytes = maxBodyBytes;
    // With several principals, an MCP session belongs to the principal whose token first used it
    // (the client that initialized it: its id is a random UUID only that client was told).
    this.mcpSessionCallers = security.hasPrincipals()
        ? Caffeine.newBuilder().expireAfterAccess(MCP_SESSION_MEMORY).maximumSize(MAX_MCP_SESSIONS).build()
        : null;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String host = request.getHeader("Host");
    if (!security.hostAllowed(host)) {
      deny(response, HttpServletResponse.SC_FORBIDDEN,
          "Host header \"" + host + "\" is not allowed (DNS-rebinding protection); start the server with --allowed-hosts to allow it");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !security.originAllowed(origin)) {
      deny(response, HttpServletResponse.SC_FORBIDDEN,
          "Origin \"" + origin + "\" is not allowed; start the server with --allowed-origins to allow it");
      return;
    }
    Optional<Caller> caller = security.authenticate(request.getHeader("Authorization"));
    if (caller.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
      deny(response, HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong bearer token; send \"Authorization: Bearer <your token>\"");
      return;
    }
    request.setAttribute(CALLER_ATTRIBUTE, caller.get());
    String session = request.getHeader("Mcp-Session-Id");
    if (mcpSessionCallers != null && session != null && !mcpSessionCallers.get(session, s -> caller.get()).equals(caller.get())) {
      // Another principal's MCP session: answered like an unknown one, so its id tells nothing.
      CleanErrorResponse.write(response, HttpServletResponse.SC_NOT_FOUND,
          CleanErrorResponse.jsonRpcError(McpSchema.ErrorCodes.INVALID_REQUEST, "Session not found: " + session));
      return;
    }
    CleanErrorResponse clean = new CleanErrorResponse(response);
    if (!"POST".equalsIgnoreCase(request.getMethod())) {
      chain.doFilter(request, clean);
      clean.finish();
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      deny(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body larger than " + maxBodyBytes + " bytes");
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), maxBodyBytes);
    if (body == null) {
      deny(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body larger than " + maxBodyBytes + " bytes");
      return;
    }
    Charset charset = charset(request.getCharacterEncoding());
    MessageGuard.Verdict verdict = guard.inspect("http:" + (session == null ? "-" : session), new String(body, charset), false);
    switch (verdict) {
      case MessageGuard.Consumed c -> response.setStatus(HttpServletResponse.SC_ACCEPTED);
      case MessageGuard.Drop d -> CleanErrorResponse.write(response, HttpServletResponse.SC_BAD_REQUEST,
          d.reply() != null ? d.reply() : CleanErrorResponse.jsonRpcError(McpSchema.ErrorCodes.INVALID_REQUEST, d.reason()));
      case MessageGuard.Forward f -> {
        chain.doFilter(new BodyRequest(request, f.text().getBytes(charset), charset), clean);
        clean.finish();
      }
    }
  }

  private static Charset charset(String name) {
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** Reads the body; null if it is longer than the limit. */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) != -1) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static void deny(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    response.getWriter().write("{\"error\":\"" + escaped + "\"}");
  }

  /** The request with a body read (and possibly rewritten) by the gate. */
  private static final class BodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final Charset charset;

    BodyRequest(HttpServletRequest request, byte[] body, Charset charset) {
      super(request);
      this.body = body;
      this.charset = charset;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
