package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.FakeSampling;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.rank.RankingMethod;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The matrix, the resources, the prompt and the connection test; and every answer matches its output schema. */
class MatrixResourcesAndPromptsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestServer server;

  @BeforeEach
  void start() {
    LlmBackend broken = request -> {
      throw new LlmException(LlmErrorKind.AUTHENTICATION, "HTTP 401 from the provider: invalid key");
    };
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai"), "anthropic", broken), "openai"), null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theMatrixIsAMarkdownTableWithRankingAndStructuredReport() {
    String id = server.startSession(RecordingContext.plain());
    ToolResult before = server.call("get_decision_matrix", Map.of("session_id", id));
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult r = server.call("get_decision_matrix", Map.of("session_id", id));

    assertThat(before.error()).as(before.text()).isFalse();
    assertThat(before.text()).contains("evaluate_options");
    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.text()).contains("| PostgreSQL", "| MySQL", "Reliability", "Cost");
    assertThat(r.structured()).containsEntry("session_id", id).containsKeys("topic", "criteria", "options", "cells", "ranking", "recommendation");
    @SuppressWarnings("unchecked")
    Map<String, Object> recommendation = (Map<String, Object>) r.structured().get("recommendation");
    assertThat(recommendation).containsKeys("verdict", "leaders", "margin", "summary");
    assertThat(r.text()).contains(recommendation.get("summary").toString());
  }

  @Test
  void theMatrixCanBeRankedByAnotherMethodAndShowsHowRobustTheLeaderIs() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult topsis = server.call("get_decision_matrix", Map.of("session_id", id, "method", "topsis"));
    ToolResult unknown = server.call("get_decision_matrix", Map.of("session_id", id, "method", "borda"));

    assertThat(topsis.error()).as(topsis.text()).isFalse();
    assertThat(topsis.text()).contains("ranked by topsis");
    @SuppressWarnings("unchecked")
    Map<String, Object> ranking = (Map<String, Object>) topsis.structured().get("ranking");
    assertThat(ranking).containsEntry("method", "topsis");
    @SuppressWarnings("unchecked")
    Map<String, Object> sensitivity = (Map<String, Object>) topsis.structured().get("sensitivity");
    assertThat(sensitivity).containsKeys("leader", "summary", "winProbability", "flips");
    assertThat(sensitivity.get("leader")).isNotNull();
    assertThat(sensitivity).containsEntry("method", "topsis");
    assertThat(sensitivity.get("leader")).as("the robustness analysed is of the leader shown").isEqualTo(((List<?>) ranking.get("options")).stream()
        .map(o -> (Map<?, ?>) o).filter(o -> Integer.valueOf(1).equals(((Number) o.get("rank")).intValue())).findFirst().orElseThrow().get("name"));
    assertThat(topsis.text()).contains("## Robustness (topsis)", sensitivity.get("summary").toString());
    assertThat((List<?>) sensitivity.get("flips")).hasSize(2);
    assertThat(unknown.error()).isTrue();
    assertThat(unknown.text()).contains("\"borda\"", "weighted-sum", "topsis");
  }

  @Test
  void theMissingDataPolicyIsChosenByArgumentNamedInTheAnswerAndAnUnknownOneIsRefused() {
    String id = server.startSession(RecordingContext.plain());
    server.call("set_score", Map.of("session_id", id, "option_name", "mysql", "criterion_name", "cost", "score", 4));
    server.call("set_score", Map.of("session_id", id, "option_name", "postgresql", "criterion_name", "reliability", "score", 9));

    ToolResult byDefault = server.call("get_decision_matrix", Map.of("session_id", id));
    ToolResult excluded = server.call("get_decision_matrix", Map.of("session_id", id, "missing", "exclude"));
    ToolResult unknown = server.call("get_decision_matrix", Map.of("session_id", id, "missing", "zero"));

    assertThat(byDefault.error()).as(byDefault.text()).isFalse();
    assertThat(byDefault.structured()).containsEntry("missingData", "worst");
    assertThat(byDefault.text()).contains("**Missing data:**", "worst score on that criterion (`worst`)");
    assertThat(excluded.structured()).containsEntry("missingData", "exclude");
    assertThat(excluded.text()).contains("(`exclude`)");
    assertThat(unknown.error()).isTrue();
    assertThat(unknown.text()).contains("\"zero\"", "worst", "mean", "neutral", "exclude");
  }

  @Test
  void sensitivityAnalysisIsSeededAndFollowsTheMethodAsked() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult first = server.call("sensitivity_analysis", Map.of("session_id", id, "method", "weighted-product", "trials", 300, "seed", 7));
    ToolResult again = server.call("sensitivity_analysis", Map.of("session_id", id, "method", "weighted-product", "trials", 300, "seed", 7));
    ToolResult none = server.call("sensitivity_analysis", Map.of("session_id", id, "trials", 0));

    assertThat(first.error()).as(first.text()).isFalse();
    assertThat(first.structured()).containsEntry("method", "weighted-product").containsEntry("trials", 300).containsEntry("missingData", "worst");
    assertThat(first.structured().get("winProbability")).isEqualTo(again.structured().get("winProbability"));
    assertThat(first.text()).contains("Robustness of the weighted-product leader", "| Criterion | Weight |", "Ranks across the trials");
    assertThat(((Map<?, ?>) first.structured().get("rankIntervals")).keySet()).extracting(Object::toString).contains("PostgreSQL", "MySQL");
    assertThat((Map<?, ?>) none.structured().get("winProbability")).isEmpty();
  }

  @Test
  void compareOptionsPutsTwoOptionsSideBySideCriterionByCriterion() {
    String id = server.startSession(RecordingContext.plain());
    server.call("set_score", Map.of("session_id", id, "option_name", "mysql", "criterion_name", "reliability", "score", 6));
    server.call("set_score", Map.of("session_id", id, "option_name", "postgresql", "criterion_name", "reliability", "score", 9));

    ToolResult r = server.call("compare_options", Map.of("session_id", id, "option_a", "MYSQL", "option_b", "postgresql"));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.structured()).containsEntry("option_a", "MySQL").containsEntry("option_b", "PostgreSQL");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) r.structured().get("criteria");
    assertThat(rows).extracting(row -> row.get("criterion")).containsExactly("Reliability", "Cost");
    assertThat(rows.get(0)).containsEntry("better", "PostgreSQL").containsEntry("advantage", 3.0);
    assertThat(rows.get(1).get("better")).isNull();
    assertThat(r.text()).contains("| Reliability |", "undecided", "PostgreSQL is better on 1 criterion");
  }

  @Test
  void compareMethodsRanksWithEveryMethodSideBySideAndStatesWhetherTheyAgree() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult all = server.call("compare_methods", Map.of("session_id", id));
    ToolResult two = server.call("compare_methods", Map.of("session_id", id, "methods", List.of("topsis", "vikor")));

    assertThat(all.error()).as(all.text()).isFalse();
    assertThat((List<?>) all.structured().get("methods")).hasSize(RankingMethod.all().size());
    assertThat(all.text()).contains("| Option | weighted-sum |", "Borda:", "Copeland:");
    assertThat(all.structured().get("statement").toString()).containsAnyOf("All 8 methods rank", "Methods disagree");
    assertThat((List<?>) two.structured().get("agreements")).hasSize(1);
  }

  @Test
  void theMatrixExportsInEveryFormat() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult csv = server.call("export_decision_matrix", Map.of("session_id", id, "format", "csv"));
    ToolResult html = server.call("export_decision_matrix", Map.of("session_id", id, "format", "HTML"));
    ToolResult json = server.call("export_decision_matrix", Map.of("session_id", id, "format", "json"));
    ToolResult markdown = server.call("export_decision_matrix", Map.of("session_id", id));
    ToolResult pdf = server.call("export_decision_matrix", Map.of("session_id", id, "format", "pdf"));

    assertThat(csv.text().lines().count()).as("a header and one row per cell").isGreaterThan(4);
    assertThat(csv.structured()).containsEntry("media_type", "text/csv");
    assertThat(html.text()).startsWith("<!DOCTYPE html>").contains("<svg");
    assertThat(json.text()).contains("\"recommendation\"");
    assertThat(markdown.text()).contains("| PostgreSQL");
    assertThat(markdown.structured()).containsEntry("format", "markdown");
    assertThat(pdf.error()).isTrue();
    assertThat(pdf.text()).contains("\"pdf\"", "markdown, csv, json or html");
  }

  @Test
  void everyAnswerMatchesItsDeclaredOutputSchema() {
    FakeSampling sampling = new FakeSampling();
    RecordingContext ctx = new RecordingContext(sampling, true, null);
    String id = server.startSession(ctx);
    DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator(JSON);
    List<Object[]> calls = List.of(
        new Object[] {"add_option", Map.of("session_id", id, "option_name", "SQLite")},
        new Object[] {"add_criterion", Map.of("session_id", id, "name", "Speed")},
        new Object[] {"update_criterion", Map.of("session_id", id, "criterion_name", "Speed", "weight", 2)},
        new Object[] {"evaluate_options", Map.of("session_id", id)},
        new Object[] {"set_score", Map.of("session_id", id, "option", "SQLite", "criterion", "Speed", "score", 9)},
        new Object[] {"get_decision_matrix", Map.of("session_id", id)},
        new Object[] {"sensitivity_analysis", Map.of("session_id", id, "method", "topsis", "trials", 500)},
        new Object[] {"compare_options", Map.of("session_id", id, "option_a", "SQLite", "option_b", "PostgreSQL")},
        new Object[] {"compare_methods", Map.of("session_id", id)},
        new Object[] {"export_decision_matrix", Map.of("session_id", id, "format", "csv")},
        new Object[] {"remove_criterion", Map.of("session_id", id, "criterion_name", "Speed")},
        new Object[] {"remove_option", Map.of("session_id", id, "option_name", "SQLite")},
        new Object[] {"list_sessions", Map.of()},
        new Object[] {"current_session", Map.of()},
        new Object[] {"test_backend_connection", Map.of()},
        new Object[] {"test_backend_connection", Map.of("backend", "anthropic")},
        new Object[] {"delete_session", Map.of("session_id", id)},
        new Object[] {"clear_all_sessions", Map.of()});
    for (Object[] call : calls) {
      String tool = (String) call[0];
      @SuppressWarnings("unchecked")
      ToolResult r = server.call(tool, (Map<String, Object>) call[1], ctx);
      assertThat(r.error()).as(tool + ": " + r.text()).isFalse();
      Map<String, Object> schema = server.server.tools().definition(tool).orElseThrow().outputSchema();
      Object json = JSON.convertValue(r.structured(), Object.class);
      var validation = validator.validate(schema, json);
      assertThat(validation.valid()).as(tool + ": " + validation.errorMessage()).isTrue();
    }
  }

  @Test
  void everyToolDeclaresSchemasAndHints() {
    List<ToolDefinition> tools = server.server.tools().definitions();

    assertThat(tools).extracting(ToolDefinition::name).containsExactlyInAnyOrder(
        "start_decision_analysis", "add_option", "remove_option", "set_score", "add_criterion", "update_criterion",
        "remove_criterion", "set_value", "set_pairwise_weights", "evaluate_options", "get_decision_matrix", "sensitivity_analysis", "compare_options", "compare_methods",
        "export_decision_matrix", "list_sessions", "current_session",
        "delete_session", "clear_all_sessions", "test_backend_connection", "test_aws_bedrock_connection");
    DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator(JSON);
    for (ToolDefinition t : tools) {
      assertThat(t.description()).as(t.name()).isNotBlank();
      assertThat(t.outputSchema()).as(t.name()).isNotNull();
      assertThat(validator.validateSchema(t.advertisedInputSchema()).valid()).as(t.name()).isTrue();
      McpSchema.Tool mcp = t.toMcp();
      assertThat(mcp.annotations().readOnlyHint()).isNotNull();
    }
  }

  @Test
  void resourcesListSessionsAndServeTheMatrixAsMarkdownAndJson() throws Exception {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));
    ResourceCatalog resources = server.server.resources();

    McpSchema.ReadResourceResult list = resources.readSessions(Caller.LOCAL);
    McpSchema.ReadResourceResult markdown = resources.readMatrix(Caller.LOCAL, "decision://sessions/" + id + "/matrix");
    McpSchema.ReadResourceResult json = resources.readMatrix(Caller.LOCAL, "decision://sessions/" + id + "/matrix.json");

    JsonNode sessions = JSON.readTree(((McpSchema.TextResourceContents) list.contents().getFirst()).text());
    assertThat(sessions.path("sessions").get(0).path("session_id").asText()).isEqualTo(id);
    McpSchema.TextResourceContents md = (McpSchema.TextResourceContents) markdown.contents().getFirst();
    assertThat(md.mimeType()).isEqualTo("text/markdown");
    assertThat(md.text()).contains("| PostgreSQL");
    McpSchema.TextResourceContents js = (McpSchema.TextResourceContents) json.contents().getFirst();
    assertThat(JSON.readTree(js.text()).path("recommendation").has("verdict")).isTrue();
    assertThat(resources.templates()).extracting(t -> t.resourceTemplate().uriTemplate())
        .containsExactly(ResourceCatalog.MATRIX_TEMPLATE, ResourceCatalog.MATRIX_JSON_TEMPLATE);
  }

  @Test
  void readingAnUnknownSessionIsAResourceNotFoundError() {
    ResourceCatalog resources = server.server.resources();

    assertThatThrownBy(() -> resources.readMatrix(Caller.LOCAL, "decision://sessions/nope/matrix"))
        .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND))
        .hasMessageContaining("no session \"nope\"");
    assertThatThrownBy(() -> resources.readMatrix(Caller.LOCAL, "decision://sessions/..%2F/matrix")).isInstanceOf(McpError.class);
  }

  @Test
  void thePromptGuidesThroughTheToolsWithTheTopic() {
    McpSchema.GetPromptResult r = PromptCatalog.guide(Map.of("topic", "Which laptop for the team?"));
    McpSchema.GetPromptResult noTopic = PromptCatalog.guide(null);

    String text = ((McpSchema.TextContent) r.messages().getFirst().content()).text();
    assertThat(text).contains("Which laptop for the team?", "start_decision_analysis", "evaluate_options", "get_decision_matrix", "set_score");
    assertThat(((McpSchema.TextContent) noTopic.messages().getFirst().content()).text()).contains("a decision I need to make");
    assertThat(new PromptCatalog().prompts().getFirst().prompt().arguments()).extracting(McpSchema.PromptArgument::name).containsExactly("topic");
  }

  @Test
  void connectionTestReportsSuccessAndWhatToFixWithoutSecrets() {
    ToolResult ok = server.call("test_backend_connection", Map.of("backend", "openai"));
    ToolResult failing = server.call("test_backend_connection", Map.of("backend", "anthropic"));
    ToolResult sampling = server.call("test_backend_connection", Map.of("backend", "sampling"), RecordingContext.sampling(new FakeSampling()));

    assertThat(ok.error()).as(ok.text()).isFalse();
    assertThat(ok.structured()).containsEntry("ok", true).containsEntry("backend", "openai");
    assertThat(ok.text()).startsWith("OK: ");
    assertThat(failing.error()).isFalse();
    assertThat(failing.structured()).containsEntry("ok", false).containsEntry("error_kind", "authentication");
    assertThat(failing.text()).contains("Not working", "invalid key", "Check the API key");
    assertThat(sampling.structured()).containsEntry("ok", true).containsEntry("sampling_available", true);
  }

  @Test
  void aBrokenBackendLooksOkInConnectionTestsOnlyIfItAnswers() {
    LlmBackend slowButOk = request -> ChatResponse.of("OK");
    TestServer other = new TestServer(new FakeBackends(Map.of("ollama", slowButOk), "ollama"), null);
    try (other) {
      ToolResult r = other.call("test_backend_connection", Map.of());
      assertThat(r.structured()).containsEntry("ok", true).containsEntry("backend", "ollama");
      assertThat(r.structured().get("configured_backends")).isEqualTo(List.of("ollama"));
    }
  }
}
