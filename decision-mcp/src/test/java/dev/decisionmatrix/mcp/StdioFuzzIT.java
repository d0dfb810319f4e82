package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer over a real stdio server process: every advertised tool, and some that do not
 * exist, get random and adversarial arguments built from the tool's own input schema (missing,
 * null and wrongly typed values, huge strings, control characters, lone surrogates and invalid
 * UTF-8 on the wire, extreme numbers, deep nesting, unknown properties). Every request must get an
 * answer; no answer may carry a stack frame or an internal class name; a call that lacks a required
 * argument or gives one the wrong type must fail, never succeed; the server must survive it all.
 * A failing case is shrunk (arguments dropped one by one while it still fails) and printed with its
 * seed. Run with {@code -Dfuzz.seed=N -Dfuzz.cases=M} to reproduce or to go further.
 */
class StdioFuzzIT {

  private static final long SEED = Long.getLong("fuzz.seed", 20_261_203L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 2_000);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Stack frames, source files and internal class names an answer must never show. */
  private static final Pattern LEAK = Pattern.compile(
      "\\bat [\\w.$]+\\(|\\.java\\b|\\bjava\\.(lang|io|util|nio)\\.|io\\.modelcontextprotocol|com\\.fasterxml|dev\\.decisionmatrix\\.|Exception:");
  /** Placeholders the generator puts in strings; the wire text gets the raw escape or byte instead. */
  private static final String LONE_HIGH = "\u0001LONE_HIGH\u0001";
  private static final String LONE_LOW = "\u0001LONE_LOW\u0001";
  private static final String BAD_UTF8 = "\u0001BAD_UTF8\u0001";

  /** One generated call: the tool and its arguments, and whether it must fail. */
  private record Case(String tool, ObjectNode arguments, boolean mustFail, String why) {}

  private final Random random = new Random(SEED);
  private final List<String> sessions = new ArrayList<>();
  private int nextId = 10;
  private int succeeded;

  @Test
  void everyFuzzedToolCallGetsACleanAnswerAndTheServerSurvives(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      Map<String, String> env = ServerJar.judgingWith(sim, dataDir);
      try (ServerJar server = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(server.process);
        rpc.initialize("fuzzer");
        rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode tools = rpc.await(2).path("result").path("tools");
        assertThat(tools.size()).as("tools advertised").isGreaterThan(10);
        refillSessions(rpc);

        List<String> failures = new ArrayList<>();
        int mustFail = 0;
        for (int i = 0; i < CASES && failures.isEmpty(); i++) {
          Case c = generate(tools);
          mustFail += c.mustFail() ? 1 : 0;
          String problem = run(rpc, server, c);
          if (problem != null) {
            Case small = shrink(rpc, server, c);
            failures.add("case " + i + " (seed " + SEED + "): " + problem + "\n  shrunk to: " + small.tool() + " "
                + abbreviate(small.arguments().toString()) + (small.mustFail() ? " [must fail: " + small.why() + "]" : ""));
          }
          if (c.tool().equals("delete_session") || c.tool().equals("clear_all_sessions")) {
            refillSessions(rpc);
          }
        }
        assertThat(failures).as("fuzz failures").isEmpty();
        assertThat(mustFail).as("the generator made calls that must fail").isGreaterThan(CASES / 10);
        assertThat(succeeded).as("the generator also made calls that succeed, so it reaches past validation").isGreaterThan(CASES / 20);
        assertThat(server.process.isAlive()).as("the server survived " + CASES + " fuzzed calls").isTrue();
        int id = nextId++;
        rpc.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}");
        assertThat(rpc.await(id).path("result").path("tools").size()).isEqualTo(tools.size());
        rpc.closeInput();
        assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** Sends one case; returns what is wrong with the answer, or null if it is clean. */
  private @Nullable String run(StdioSession rpc, ServerJar server, Case c) throws Exception {
    int id = nextId++;
    ObjectNode params = NODES.objectNode().put("name", c.tool());
    params.set("arguments", c.arguments());
    ObjectNode request = NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
    request.set("params", params);
    rpc.sendBytes(wire(StdioSession.JSON.writeValueAsString(request)));
    JsonNode answer;
    try {
      answer = rpc.await(id);
    } catch (AssertionError noAnswer) {
      return "no answer" + (server.process.isAlive() ? "" : " (the server died: " + server.stderrText() + ")");
    }
    String text = answer.toString();
    if (LEAK.matcher(text).find()) {
      return "the answer leaks internals: " + abbreviate(text);
    }
    boolean error = answer.has("error") || answer.path("result").path("isError").asBoolean(false);
    succeeded += error ? 0 : 1;
    if (c.mustFail() && !error) {
      return "wrong success (" + c.why() + "): " + abbreviate(text);
    }
    return null;
  }

  private Case shrink(StdioSession rpc, ServerJar server, Case failing) throws Exception {
    Case smallest = failing;
    boolean dropped = true;
    while (dropped && server.process.isAlive()) {
      dropped = false;
      for (Iterator<String> names = smallest.arguments().fieldNames(); names.hasNext(); ) {
        String name = names.next();
        ObjectNode fewer = smallest.arguments().deepCopy();
        fewer.remove(name);
        // Dropping an argument may make the call one that must fail for a new reason; keep the
        // original reason only if it still holds (a dropped argument was not the wrong one).
        boolean stillMustFail = smallest.mustFail() && !smallest.why().contains("\"" + name + "\"");
        Case candidate = new Case(smallest.tool(), fewer, stillMustFail, smallest.why());
        if (run(rpc, server, candidate) != null) {
          smallest = candidate;
          dropped = true;
          break;
        }
      }
    }
    return smallest;
  }

  private void refillSessions(StdioSession rpc) throws Exception {
    sessions.clear();
    for (int s = 0; s < 3; s++) {
      int id = nextId++;
      rpc.callTool(id, "start_decision_analysis", Map.of(
          "topic", "Fuzz decision " + s,
          "options", List.of("Alpha", "Beta", "Gamma"),
          "initial_criteria", List.of(Map.of("name", "Cost"), Map.of("name", "Speed"))));
      sessions.add(rpc.await(id).path("result").path("structuredContent").path("session_id").asText());
    }
  }

  private Case generate(JsonNode tools) {
    if (random.nextInt(40) == 0) {
      return new Case(random.nextBoolean() ? "no_such_tool" : hostile(), NODES.objectNode(), true, "unknown tool");
    }
    JsonNode tool = tools.get(random.nextInt(tools.size()));
    JsonNode schema = tool.path("inputSchema");
    JsonNode properties = schema.path("properties");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    ObjectNode arguments = NODES.objectNode();
    boolean mustFail = false;
    String why = "";
    for (Map.Entry<String, JsonNode> field : properties.properties()) {
      String name = field.getKey();
      boolean isRequired = required.contains(name);
      int roll = random.nextInt(10);
      if (roll < 5) {
        arguments.set(name, valid(name, field.getValue()));
      } else if (roll < 7) {
        if (isRequired) {
          mustFail = true;
          why = "required \"" + name + "\" missing";
        }
      } else if (roll < 8) {
        arguments.putNull(name);
        if (isRequired) {
          mustFail = true;
          why = "required \"" + name + "\" is null";
        }
      } else {
        JsonNode wrong = wrongType(field.getValue());
        arguments.set(name, wrong);
        if (isRequired && !hasType(field.getValue(), wrong)) {
          mustFail = true;
          why = "required \"" + name + "\" has the wrong type";
        }
      }
    }
    if (random.nextInt(8) == 0) {
      arguments.put("unexpected_" + random.nextInt(100), hostile());
    }
    return new Case(tool.path("name").asText(), arguments, mustFail, why);
  }

  private JsonNode valid(String name, JsonNode schema) {
    if (schema.has("enum")) {
      JsonNode values = schema.get("enum");
      return values.get(random.nextInt(values.size()));
    }
    String type = type(schema);
    if (name.equals("session_id") && !sessions.isEmpty() && random.nextInt(5) > 0) {
      return NODES.textNode(sessions.get(random.nextInt(sessions.size())));
    }
    return switch (type) {
      case "number", "integer" -> NODES.numberNode(random.nextInt(10) + 1);
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int n = random.nextInt(4);
        for (int k = 0; k < n; k++) {
          array.add(random.nextBoolean() ? "Option " + k : hostile());
        }
        yield array;
      }
      case "object" -> NODES.objectNode().put("name", random.nextBoolean() ? "Cost" : hostile());
      default -> NODES.textNode(random.nextInt(3) == 0 ? hostile() : pick("Alpha", "Beta", "Cost", "Speed", "x"));
    };
  }

  private JsonNode wrongType(JsonNode schema) {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.numberNode(pick(1e308, -1e308, 4.9e-324, -0.0, 1e15, -7.0));
      case 1 -> NODES.textNode(hostile());
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.arrayNode().add(1).add("two").addNull();
      case 4 -> NODES.objectNode().put("nested", hostile());
      case 5 -> deep(random.nextInt(200) + 2);
      case 6 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 7 -> NODES.textNode("9".repeat(random.nextInt(400) + 1));
      default -> type(schema).equals("string") ? NODES.numberNode(random.nextInt()) : NODES.textNode("not a " + type(schema));
    };
  }

  private static JsonNode deep(int depth) {
    JsonNode node = NODES.textNode("bottom");
    for (int d = 0; d < depth; d++) {
      node = NODES.arrayNode().add(node);
    }
    return node;
  }

  private String hostile() {
    return switch (random.nextInt(9)) {
      case 0 -> "x".repeat(random.nextInt(200_000) + 1);
      case 1 -> "\u0000\u001b[31mred\u001b[0m\r\n\t";
      case 2 -> "abc" + LONE_HIGH + "def";
      case 3 -> LONE_LOW + "tail";
      case 4 -> "caf" + BAD_UTF8 + "e";
      case 5 -> "\u202eevil\u202c\u2066x\u2069";
      case 6 -> "\u200b\u00a0\ufeff";
      case 7 -> "'; DROP TABLE sessions; -- {{7*7}} ${jndi:ldap://x/}";
      default -> "  ";
    };
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      return type.size() == 0 ? "string" : type.get(0).asText();
    }
    return type.isTextual() ? type.asText() : "string";
  }

  private static boolean hasType(JsonNode schema, JsonNode value) {
    String type = type(schema);
    return switch (type) {
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      // A schema without a plain type (anyOf, a union) accepts more than one shape: never "must fail".
      default -> value.isTextual() || !schema.path("type").isTextual();
    };
  }

  /** The bytes on the wire: the placeholders become a lone surrogate escape or an invalid UTF-8 byte pair. */
  private static byte[] wire(String json) {
    String escaped = json.replace(jsonEscaped(LONE_HIGH), "\\ud800").replace(jsonEscaped(LONE_LOW), "\\udc00");
    String[] parts = escaped.split(Pattern.quote(jsonEscaped(BAD_UTF8)), -1);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int p = 0; p < parts.length; p++) {
      if (p > 0) {
        out.write(0xC3);
        out.write(0x28);
      }
      out.writeBytes(parts[p].getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String jsonEscaped(String placeholder) {
    return placeholder.replace("\u0001", "\\u0001");
  }

  private static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "... (" + text.length() + " chars)";
  }
}
