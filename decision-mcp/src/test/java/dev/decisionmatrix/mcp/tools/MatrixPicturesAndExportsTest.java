package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** get_decision_matrix's PNG heatmap, the HTML export as an embedded resource, and who judged in every export. */
class MatrixPicturesAndExportsTest {

  private TestServer server;
  private String id;

  @BeforeEach
  void start() {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), "openai"), null);
    id = server.startSession(Fixtures_plain());
    assertThat(server.call("evaluate_options", Map.of("session_id", id)).error()).isFalse();
    ToolResult set = server.call("set_score", Map.of("session_id", id, "option_name", "MySQL", "criterion_name", "Cost", "score", 4, "note", "our quote"));
    assertThat(set.error()).as(set.text()).isFalse();
  }

  private static ToolContext Fixtures_plain() {
    return dev.decisionmatrix.mcp.Fixtures.RecordingContext.plain();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Width and height from a PNG's IHDR chunk, after checking the signature. */
  private static int[] pngSize(byte[] png) {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    ByteBuffer b = ByteBuffer.wrap(png);
    assertThat(new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
    return new int[] {b.getInt(16), b.getInt(20)};
  }

  @Test
  void askedForAnImageTheMatrixAnswersWithAPngHeatmapAsImageContent() {
    ToolResult r = server.call("get_decision_matrix", Map.of("session_id", id, "image", true));

    assertThat(r.error()).as(r.text()).isFalse();
    McpSchema.CallToolResult mcp = r.toMcp();
    assertThat(mcp.content()).hasSize(2);
    assertThat(mcp.content().get(0)).isInstanceOf(McpSchema.TextContent.class);
    McpSchema.ImageContent image = (McpSchema.ImageContent) mcp.content().get(1);
    assertThat(image.mimeType()).isEqualTo("image/png");
    int[] size = pngSize(Base64.getDecoder().decode(image.data()));
    assertThat(size[0]).isBetween(300, 3_000);
    assertThat(size[1]).isBetween(200, 3_000);
  }

  @Test
  void withoutTheImageArgumentTheMatrixIsTextOnly() {
    ToolResult r = server.call("get_decision_matrix", Map.of("session_id", id));
    ToolResult no = server.call("get_decision_matrix", Map.of("session_id", id, "image", false));
    ToolResult bad = server.call("get_decision_matrix", Map.of("session_id", id, "image", "maybe"));

    assertThat(r.toMcp().content()).hasSize(1);
    assertThat(no.toMcp().content()).hasSize(1);
    assertThat(bad.error()).isTrue();
    assertThat(bad.text()).contains("image").doesNotContain("Exception");
  }

  @Test
  void theMatrixTextMarksHandSetScoresAndNamesTheJudgeThePolicyAndTheRobustnessOfTheMethodShown() {
    ToolResult r = server.call("get_decision_matrix", Map.of("session_id", id, "method", "topsis"));

    assertThat(r.text())
        .contains("4.0 \u270e", "- `\u270e` set by hand", "**Set by hand:** 1 score (MySQL \u00d7 Cost)")
        .contains("**Judged by:** default: openai")
        .contains("**Missing data:** worst")
        .contains("## Robustness (topsis)");
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = (Map<String, Object>) r.structured().get("provenance");
    assertThat(provenance.get("judge").toString()).contains("openai");
    assertThat((List<?>) provenance.get("setByHand")).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> robustness = (Map<String, Object>) r.structured().get("robustness");
    assertThat(robustness).containsEntry("method", "topsis");
  }

  @Test
  void cellReasoningIsListedOnRequest() {
    assertThat(server.call("get_decision_matrix", Map.of("session_id", id)).text()).doesNotContain("## Reasoning");
    assertThat(server.call("get_decision_matrix", Map.of("session_id", id, "reasoning", true)).text())
        .contains("## Reasoning", "- Cost: **4.0** (set by hand) \u2014 our quote");
  }

  @Test
  void theHtmlExportIsAlsoAnEmbeddedTextHtmlResource() {
    ToolResult html = server.call("export_decision_matrix", Map.of("session_id", id, "format", "html"));
    ToolResult csv = server.call("export_decision_matrix", Map.of("session_id", id, "format", "csv"));

    assertThat(html.error()).as(html.text()).isFalse();
    List<McpSchema.Content> content = html.toMcp().content();
    assertThat(content).hasSize(2);
    McpSchema.EmbeddedResource resource = (McpSchema.EmbeddedResource) content.get(1);
    McpSchema.TextResourceContents page = (McpSchema.TextResourceContents) resource.resource();
    assertThat(page.mimeType()).isEqualTo("text/html");
    assertThat(page.uri()).isEqualTo("decision://sessions/" + id + "/report.html");
    assertThat(page.text()).isEqualTo(html.text()).startsWith("<!DOCTYPE html>").contains("<details>");
    assertThat(csv.toMcp().content()).hasSize(1);
  }

  @Test
  void everyExportNamesTheJudgeTheHandSetScoresAndTheMethodShown() {
    for (String format : List.of("markdown", "csv", "json", "html")) {
      ToolResult r = server.call("export_decision_matrix", Map.of("session_id", id, "format", format, "method", "vikor"));

      assertThat(r.error()).as(format + ": " + r.text()).isFalse();
      assertThat(r.text()).as(format).contains("openai", "vikor");
    }
    assertThat(server.call("export_decision_matrix", Map.of("session_id", id, "format", "csv")).text())
        .contains("MySQL,Cost,1,cost,scored,4,1,our quote,0,1,hand,worst,weighted-sum,");
    assertThat(server.call("export_decision_matrix", Map.of("session_id", id, "format", "json")).text())
        .contains("\"manual\": true", "\"setByHand\"", "\"judge\": \"default: openai");
  }
}
