package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.engine.RunningEvaluation;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.tools.McpToolContext;
import dev.decisionmatrix.mcp.tools.RunningEvaluations;
import dev.decisionmatrix.model.Decision;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard in front of the SDK: cancellations, request keys and malformed input. */
class MessageGuardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningEvaluations running = new RunningEvaluations();
  private final MessageGuard guard = new MessageGuard(new JacksonMcpJsonMapper(JSON), running);

  @Test
  void toolCallsGetAConnectionScopedRequestKey() throws IOException {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"evaluate_options\",\"arguments\":{},"
        + "\"_meta\":{\"progressToken\":\"p\",\"" + McpToolContext.REQUEST_KEY_META + "\":\"spoofed\"}}}";
    String noParams = "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\",\"params\":{\"name\":\"list_sessions\"}}";

    MessageGuard.Verdict v = guard.inspect("stdio", call, true);
    MessageGuard.Verdict w = guard.inspect("http:s1", noParams, false);

    JsonNode meta = JSON.readTree(((MessageGuard.Forward) v).text()).path("params").path("_meta");
    assertThat(meta.path(McpToolContext.REQUEST_KEY_META).asText()).isEqualTo("stdio#7");
    assertThat(meta.path("progressToken").asText()).isEqualTo("p");
    assertThat(JSON.readTree(((MessageGuard.Forward) w).text()).path("params").path("_meta").path(McpToolContext.REQUEST_KEY_META).asText())
        .isEqualTo("http:s1#\"abc\"");
  }

  @Test
  void otherMessagesPassUnchanged() {
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    assertThat(guard.inspect("stdio", list, true)).isEqualTo(new MessageGuard.Forward(list));
  }

  @Test
  void aCancellationCancelsTheEvaluationOfThatRequestOnly() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (DecisionEngine engine = DecisionEngine.builder(request -> {
      calls.incrementAndGet();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return ChatResponse.of("{}");
    }).build()) {
      Decision d = Decision.builder("T").option("A").option("B").criterion("C").build();
      RunningEvaluation first = engine.start(d, null, EvaluationOptions.defaults());
      RunningEvaluation other = engine.start(d.withTopic("U"), null, EvaluationOptions.defaults());
      running.register("stdio#5", first);
      running.register("http:x#5", other);

      MessageGuard.Verdict v = guard.inspect("stdio", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}", true);

      assertThat(v).isEqualTo(new MessageGuard.Consumed(true));
      assertThat(first.result().get(10, TimeUnit.SECONDS).stats().cancelled()).isTrue();
      assertThat(other.isDone()).isFalse();
      other.cancel();
    }
  }

  @Test
  void aCancellationForAnUnknownRequestIsConsumedQuietly() {
    MessageGuard.Verdict v = guard.inspect("stdio", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"zz\"}}", true);

    assertThat(v).isEqualTo(new MessageGuard.Consumed(false));
  }

  @Test
  void overStdioMalformedMessagesAreDroppedAndInvalidRequestsAnswered() throws IOException {
    MessageGuard.Verdict notJson = guard.inspect("stdio", "{oops", true);
    MessageGuard.Verdict array = guard.inspect("stdio", "[1, 2]", true);
    MessageGuard.Verdict noMethod = guard.inspect("stdio", "{\"jsonrpc\":\"2.0\",\"id\":9}", true);
    MessageGuard.Verdict badRequest = guard.inspect("stdio", "{\"jsonrpc\":{\"v\":2},\"id\":9,\"method\":\"tools/list\"}", true);

    assertThat(notJson).isInstanceOfSatisfying(MessageGuard.Drop.class, d -> assertThat(d.reason()).contains("not valid JSON"));
    assertThat(array).isInstanceOf(MessageGuard.Drop.class);
    assertThat(noMethod).isInstanceOfSatisfying(MessageGuard.Drop.class, d -> assertThat(d.reply()).contains("is missing"));
    assertThat(guard.inspect("http:s", "{oops", false)).isInstanceOfSatisfying(MessageGuard.Drop.class, d -> assertThat(d.reply()).contains("-32700"));
    assertThat(badRequest).isInstanceOf(MessageGuard.Drop.class);
    JsonNode reply = JSON.readTree(((MessageGuard.Drop) badRequest).reply());
    assertThat(reply.path("id").asInt()).isEqualTo(9);
    assertThat(reply.path("error").path("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void theStdioGuardDropsAndAnswersBadLinesWarnsOnStderrAndEndsOnce() throws IOException {
    String input = "garbage\n\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n" + "x".repeat(100) + "\n{\"jsonrpc\":{},\"id\":3,\"method\":\"ping\"}\n"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicInteger ended = new AtomicInteger();
    StdioGuard in = new StdioGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), guard, out,
        new PrintStream(err, true, StandardCharsets.UTF_8), 50, ended::incrementAndGet);

    String passed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int afterEnd = in.read();

    assertThat(passed).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("dropped an input line (Parse error: the message is not valid JSON", "longer than 50 bytes");
    // Every dropped line is answered: garbage (parse error), the long line (twice), the bad "jsonrpc" (with its id).
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(4)
        .satisfies(l -> assertThat(l.get(0)).contains("\"id\":null", "-32700"))
        .satisfies(l -> assertThat(l.get(2)).startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32600"));
    assertThat(afterEnd).isEqualTo(-1);
    assertThat(ended.get()).isEqualTo(1);
  }
}
