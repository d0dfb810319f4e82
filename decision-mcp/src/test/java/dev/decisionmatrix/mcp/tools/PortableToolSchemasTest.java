package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every advertised input schema is one an LLM host reads well and a strict schema checker accepts:
 * an object schema, every property (nested ones included) described, no {@code type} arrays, no
 * private keywords, {@code required} naming declared properties only, and no property advertised
 * twice under an alias.
 */
class PortableToolSchemasTest {

  private static List<String> problems(String where, Object schema) {
    List<String> out = new ArrayList<>();
    if (!(schema instanceof Map<?, ?> map)) {
      return out;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith("x-")) {
        out.add(where + ": private keyword " + key);
      }
    }
    if (map.get("type") instanceof List<?>) {
      out.add(where + ": type array " + map.get("type"));
    }
    if (map.get("properties") instanceof Map<?, ?> props) {
      for (Map.Entry<?, ?> p : props.entrySet()) {
        String name = where + "." + p.getKey();
        if (!(p.getValue() instanceof Map<?, ?> prop) || !(prop.get("description") instanceof String d) || d.isBlank()) {
          out.add(name + ": no description");
        } else if (d.startsWith("Alias of")) {
          out.add(name + ": an alias advertised as a property");
        }
        out.addAll(problems(name, p.getValue()));
      }
      if (map.get("required") instanceof List<?> required) {
        for (Object r : required) {
          if (!props.containsKey(r)) {
            out.add(where + ": required " + r + " is not a property");
          }
        }
      }
    }
    if (map.get("items") != null) {
      out.addAll(problems(where + "[]", map.get("items")));
    }
    return out;
  }

  @Test
  void everyAdvertisedInputSchemaIsPortableAndDescribed() {
    try (TestServer server = new TestServer(FakeBackends.none(), null)) {
      List<String> found = new ArrayList<>();
      for (ToolDefinition tool : server.server.tools().definitions()) {
        McpSchema.Tool advertised = tool.toMcp();
        assertThat(advertised.inputSchema().get("type")).as(tool.name()).isEqualTo("object");
        found.addAll(problems(tool.name(), tool.advertisedInputSchema()));
      }
      assertThat(found).isEmpty();
    }
  }

  /** Every {@code type} array anywhere in a schema, nested in properties, items or combinators. */
  private static List<String> typeArrays(String where, Object schema) {
    List<String> out = new ArrayList<>();
    if (schema instanceof Map<?, ?> map) {
      if (map.get("type") instanceof List<?>) {
        out.add(where + ": type array " + map.get("type"));
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.addAll(typeArrays(where + "." + e.getKey(), e.getValue()));
      }
    } else if (schema instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        out.addAll(typeArrays(where + "[" + i + "]", list.get(i)));
      }
    }
    return out;
  }

  @Test
  void noOutputSchemaUsesATypeArrayForANullableField() {
    try (TestServer server = new TestServer(FakeBackends.none(), null)) {
      List<String> found = new ArrayList<>();
      for (ToolDefinition tool : server.server.tools().definitions()) {
        McpSchema.Tool advertised = tool.toMcp();
        if (advertised.outputSchema() != null) {
          found.addAll(typeArrays(tool.name() + " output", advertised.outputSchema()));
        }
      }
      assertThat(found).as("nullable fields are written anyOf [{type: T}, {type: null}]").isEmpty();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> property(ToolDefinition tool, String... path) {
    Map<String, Object> at = tool.inputSchema();
    for (String step : path) {
      at = (Map<String, Object>) (step.equals("[]") ? at.get("items") : ((Map<String, Object>) at.get("properties")).get(step));
    }
    return at;
  }

  @Test
  void theSchemasStateTheModelsOwnLimitsAndJudgeNames() {
    try (TestServer server = new TestServer(FakeBackends.none(), null)) {
      ToolCatalog tools = server.server.tools();
      ToolDefinition add = tools.definition("add_criterion").orElseThrow();
      ToolDefinition start = tools.definition("start_decision_analysis").orElseThrow();

      assertThat(property(add, "weight")).containsEntry("minimum", dev.decisionmatrix.model.Criterion.MIN_WEIGHT)
          .containsEntry("maximum", (int) dev.decisionmatrix.model.Criterion.MAX_WEIGHT);
      assertThat((String) property(add, "weight").get("description")).contains("0.1 to 10 (default 1)");
      assertThat(property(add, "temperature")).containsEntry("maximum", (int) dev.decisionmatrix.model.Criterion.MAX_TEMPERATURE);
      assertThat(property(start, "initial_criteria", "[]", "weight")).containsEntry("default", 1);
      assertThat(property(tools.definition("set_score").orElseThrow(), "score"))
          .containsEntry("minimum", 1).containsEntry("maximum", 10);
      assertThat(property(tools.definition("evaluate_options").orElseThrow(), "samples"))
          .containsEntry("maximum", dev.decisionmatrix.engine.EvaluationOptions.MAX_SAMPLES);
      List<String> judges = new ArrayList<>(dev.decisionmatrix.mcp.judge.BackendNames.all());
      judges.add(judges.indexOf("openai") + 1, "litellm");
      assertThat(property(start, "model_backend").get("enum")).isEqualTo(judges);
      assertThat(property(tools.definition("test_backend_connection").orElseThrow(), "backend").get("enum")).isEqualTo(judges);
      for (ToolDefinition tool : tools.definitions()) {
        assertThat(tool.inputSchema().toString()).as(tool.name()).doesNotContain("${");
      }
    }
  }

  @Test
  void aliasesOfThePythonServerAreStillAcceptedThoughNotAdvertised() {
    try (TestServer server = new TestServer(FakeBackends.none(), null)) {
      String id = server.startSession(dev.decisionmatrix.mcp.Fixtures.RecordingContext.plain());

      ToolResult option = server.call("add_option", Map.of("session_id", id, "name", "SQLite"));
      ToolResult criterion = server.call("add_criterion", Map.of("session_id", id, "name", "Speed", "custom_prompt", "10 is fastest"));

      assertThat(option.error()).as(option.text()).isFalse();
      assertThat(criterion.error()).as(criterion.text()).isFalse();
      ToolDefinition addOption = server.server.tools().definition("add_option").orElseThrow();
      assertThat(addOption.argumentNames()).contains("name", "option_name");
      Map<?, ?> advertised = (Map<?, ?>) addOption.advertisedInputSchema().get("properties");
      assertThat(advertised.containsKey("option_name")).isTrue();
      assertThat(advertised.containsKey("name")).isFalse();
    }
  }
}
