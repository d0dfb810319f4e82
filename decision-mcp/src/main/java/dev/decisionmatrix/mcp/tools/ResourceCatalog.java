package dev.decisionmatrix.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.store.Session;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The server's resources: {@code decision://sessions} (the session list as JSON) and the templates
 * {@code decision://sessions/{session_id}/matrix} (Markdown) and {@code .../matrix.json} (the JSON
 * report). Reading a resource never changes a session; a caller sees only its own sessions.
 */
public final class ResourceCatalog {

  /** The session list's URI. */
  public static final String SESSIONS_URI = "decision://sessions";

  /** The Markdown matrix template. */
  public static final String MATRIX_TEMPLATE = "decision://sessions/{session_id}/matrix";

  /** The JSON matrix template. */
  public static final String MATRIX_JSON_TEMPLATE = "decision://sessions/{session_id}/matrix.json";

  private static final Pattern MATRIX_URI = Pattern.compile("decision://sessions/([^/]+)/matrix(\\.json)?");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ToolServices services;

  /**
   * Creates the catalog.
   *
   * @param services what the resources read
   */
  public ResourceCatalog(ToolServices services) {
    this.services = services;
  }

  /** Returns the static resources. */
  public List<McpServerFeatures.SyncResourceSpecification> resources() {
    McpSchema.Resource sessions =
        McpSchema.Resource.builder(SESSIONS_URI, "sessions")
            .title("Decision sessions")
            .description("The stored decision sessions, most recently used first (JSON).")
            .mimeType("application/json")
            .build();
    return List.of(new McpServerFeatures.SyncResourceSpecification(sessions, (exchange, request) -> readSessions(caller(exchange))));
  }

  /** Returns the resource templates. */
  public List<McpServerFeatures.SyncResourceTemplateSpecification> templates() {
    McpSchema.ResourceTemplate markdown =
        McpSchema.ResourceTemplate.builder(MATRIX_TEMPLATE, "decision-matrix")
            .title("Decision matrix (Markdown)")
            .description("A session's decision matrix with ranking and recommendation, as Markdown.")
            .mimeType("text/markdown")
            .build();
    McpSchema.ResourceTemplate json =
        McpSchema.ResourceTemplate.builder(MATRIX_JSON_TEMPLATE, "decision-matrix-json")
            .title("Decision matrix (JSON)")
            .description("A session's decision matrix as the documented JSON report.")
            .mimeType("application/json")
            .build();
    return List.of(
        new McpServerFeatures.SyncResourceTemplateSpecification(markdown, (exchange, request) -> readMatrix(caller(exchange), request.uri())),
        new McpServerFeatures.SyncResourceTemplateSpecification(json, (exchange, request) -> readMatrix(caller(exchange), request.uri())));
  }

  /** The caller of a request; the local user when there is no exchange. */
  private static Caller caller(@Nullable McpSyncServerExchange exchange) {
    return exchange == null ? Caller.LOCAL : Caller.of(exchange.transportContext());
  }

  /** Most session ids one completion answer lists. */
  static final int MAX_COMPLETIONS = 100;

  /**
   * Returns the completions of the templates' {@code session_id}: the ids of stored sessions that
   * start with what was typed (ignoring case), most recently used first, so a host can offer them
   * while a person fills in a matrix URI.
   */
  public List<McpServerFeatures.SyncCompletionSpecification> completions() {
    return List.of(
        new McpServerFeatures.SyncCompletionSpecification(new McpSchema.ResourceReference(MATRIX_TEMPLATE), (exchange, request) -> sessionIds(caller(exchange), request)),
        new McpServerFeatures.SyncCompletionSpecification(new McpSchema.ResourceReference(MATRIX_JSON_TEMPLATE), (exchange, request) -> sessionIds(caller(exchange), request)));
  }

  private McpSchema.CompleteResult sessionIds(Caller caller, McpSchema.CompleteRequest request) {
    McpSchema.CompleteRequest.CompleteArgument argument = request.argument();
    if (argument == null || !"session_id".equals(argument.name())) {
      return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.of(), 0, false));
    }
    String typed = argument.value() == null ? "" : argument.value().strip().toLowerCase(java.util.Locale.ROOT);
    List<String> matching = services.sessions(caller).list().stream()
        .map(dev.decisionmatrix.store.Session::id)
        .filter(id -> id.toLowerCase(java.util.Locale.ROOT).startsWith(typed))
        .toList();
    List<String> shown = matching.subList(0, Math.min(MAX_COMPLETIONS, matching.size()));
    return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(shown, matching.size(), matching.size() > shown.size()));
  }

  /**
   * Reads a resource: the session list or a session's matrix, as the caller sees them.
   *
   * @param caller who asks
   * @param uri the resource URI
   * @return the resource's contents
   * @throws McpError if the URI names no resource, or no live session of the caller
   */
  public McpSchema.ReadResourceResult read(Caller caller, String uri) {
    return SESSIONS_URI.equals(uri) ? readSessions(caller) : readMatrix(caller, uri);
  }

  /**
   * Reads the caller's session list.
   *
   * @param caller who asks
   * @return the resource's contents
   */
  public McpSchema.ReadResourceResult readSessions(Caller caller) {
    List<Map<String, Object>> sessions = services.sessions(caller).list().stream().map(Describe::sessionMap).toList();
    return text(SESSIONS_URI, "application/json", json(Map.of("sessions", sessions)));
  }

  /**
   * Reads a session's matrix.
   *
   * @param caller who asks: another caller's session is not found
   * @param uri the resource URI
   * @return the resource's contents
   * @throws McpError if the URI names no live session of the caller
   */
  public McpSchema.ReadResourceResult readMatrix(Caller caller, String uri) {
    Matcher m = MATRIX_URI.matcher(uri == null ? "" : uri);
    if (!m.matches()) {
      throw notFound(uri, "expected decision://sessions/{session_id}/matrix or .../matrix.json");
    }
    String id = m.group(1);
    Optional<Session> session = Session.isValidId(id) ? services.sessions(caller).get(id) : Optional.empty();
    if (session.isEmpty()) {
      throw notFound(uri, "there is no session \"" + id + "\"; read " + SESSIONS_URI + " or call list_sessions");
    }
    boolean asJson = m.group(2) != null;
    String text = asJson ? json(MatrixTool.json(session.get())) : MatrixTool.markdown(session.get());
    return text(uri, asJson ? "application/json" : "text/markdown", text);
  }

  private static McpSchema.ReadResourceResult text(String uri, String mimeType, String text) {
    return McpSchema.ReadResourceResult.builder(
            List.of(McpSchema.TextResourceContents.builder(uri, text).mimeType(mimeType).build()))
        .build();
  }

  private static McpError notFound(String uri, String why) {
    return McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("Resource not found: " + uri + " (" + why + ")").data(uri).build();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
  }
}
