package dev.decisionmatrix.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The response the SDK's servlet writes to, rewriting its error answers. The SDK serializes its
 * exception for a 4xx (every stack frame, the Java file names and module versions), and Tomcat
 * answers {@code sendError} with an HTML page naming its version: this wrapper holds back any body
 * written with an error status and sends instead a short JSON-RPC error with a plain message. Bodies
 * of successful answers (JSON and event streams) pass untouched.
 * One per request.
 */
final class CleanErrorResponse extends HttpServletResponseWrapper {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(CleanErrorResponse.class.getName());

  /** What a client-facing message may not contain: Java names, files, frames and versions. */
  private static final Pattern TECHNICAL = Pattern.compile(
      "`|\\.java\\b|\\bat [\\w$.]+\\(|\\b(java|javax|jakarta|com|org|io|sun|jdk)\\.[a-z]\\w*\\.|[A-Z]\\w*(Exception|Error)\\b|\\[Source:");

  private int status = SC_OK;
  private @Nullable ByteArrayOutputStream held;
  private boolean answered;

  CleanErrorResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
    super.setStatus(sc);
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendError(sc, null);
  }

  @Override
  public void sendError(int sc, @Nullable String msg) throws IOException {
    status = sc;
    answered = true;
    write((HttpServletResponse) getResponse(), sc, jsonRpcError(code(sc, null), plain(sc, msg)));
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (status < 400) {
      return super.getOutputStream();
    }
    ByteArrayOutputStream buffer = hold();
    return new ServletOutputStream() {
      @Override
      public void write(int b) {
        buffer.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new IllegalStateException("error answers are written synchronously");
      }
    };
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (status < 400) {
      return super.getWriter();
    }
    return new PrintWriter(new OutputStreamWriter(hold(), StandardCharsets.UTF_8), true);
  }

  @Override
  public void flushBuffer() throws IOException {
    if (held == null) {
      super.flushBuffer();
    }
  }

  private ByteArrayOutputStream hold() {
    if (held == null) {
      held = new ByteArrayOutputStream();
    }
    return held;
  }

  /**
   * Sends the clean error for a body held back, if any. Call when the servlet returns.
   *
   * @throws IOException if the answer cannot be written
   */
  void finish() throws IOException {
    if (held == null || answered) {
      return;
    }
    answered = true;
    JsonNode error = null;
    try {
      JsonNode body = JSON.readTree(held.toString(StandardCharsets.UTF_8));
      error = body == null ? null : body.has("jsonRpcError") ? body.get("jsonRpcError") : body.get("error");
    } catch (IOException e) {
      // not JSON: only the status counts
    }
    Integer code = error != null && error.path("code").isInt() ? error.get("code").asInt() : null;
    String message = error != null && error.path("message").isTextual() ? error.get("message").asText() : null;
    // The client gets the plain text; the log keeps the SDK's own message for whoever runs the server.
    LOG.log(status >= 500 ? Level.WARNING : Level.DEBUG, "answered HTTP {0}: {1}", status, message == null ? "(no message)" : message.lines().findFirst().orElse(""));
    write((HttpServletResponse) getResponse(), status, jsonRpcError(code(status, code), plain(status, message)));
  }

  /**
   * Returns a JSON-RPC error response without id.
   *
   * @param code the error code
   * @param message the plain message
   * @return the JSON text
   */
  static String jsonRpcError(int code, String message) {
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    reply.put("jsonrpc", "2.0");
    reply.putNull("id");
    ObjectNode error = reply.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return reply.toString();
  }

  /**
   * Writes a JSON answer with a status, replacing anything buffered.
   *
   * @param response the real response
   * @param status the HTTP status
   * @param json the body
   * @throws IOException if it cannot be written
   */
  static void write(HttpServletResponse response, int status, String json) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  private static int code(int status, @Nullable Integer code) {
    if (code != null && code != McpSchema.ErrorCodes.INTERNAL_ERROR) {
      return code;
    }
    return status >= 500 ? McpSchema.ErrorCodes.INTERNAL_ERROR : McpSchema.ErrorCodes.INVALID_REQUEST;
  }

  /** The SDK's message if it is plain, else a plain text for the status. */
  static String plain(int status, @Nullable String message) {
    if (message != null && status != SC_METHOD_NOT_ALLOWED) {
      String first = message.lines().findFirst().orElse("").strip();
      if (!first.isEmpty() && first.length() <= 200 && !TECHNICAL.matcher(first).find()) {
        return first;
      }
    }
    return switch (status) {
      case SC_BAD_REQUEST -> "Bad request: send a JSON-RPC 2.0 message, with the Mcp-Session-Id header the initialize answer gave";
      case SC_NOT_FOUND -> "Not found: no MCP session with this Mcp-Session-Id (it ended or expired); send initialize again";
      case SC_METHOD_NOT_ALLOWED -> "Method not allowed: " + HttpTransport.ENDPOINT + " takes POST, GET and DELETE";
      case SC_NOT_ACCEPTABLE -> "Not acceptable: send Accept: application/json, text/event-stream";
      case SC_UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type: send Content-Type: application/json";
      default -> status >= 500 ? "Internal server error; the server log has the details" : "Request refused (HTTP " + status + ")";
    };
  }
}
