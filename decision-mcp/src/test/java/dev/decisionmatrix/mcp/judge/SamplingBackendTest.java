package dev.decisionmatrix.mcp.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MCP sampling backend: what it sends, what it returns and how failures map to kinds. */
class SamplingBackendTest {

  private static final ChatRequest REQUEST = new ChatRequest(
      JudgePrompt.system(), List.of(ChatMessage.user("judge this"), ChatMessage.assistant("{bad"), ChatMessage.user("again")), "claude-sonnet",
      0.0, 600, JudgePrompt.SCHEMA);

  private static McpSchema.CreateMessageResult text(String text) {
    return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder(text).build(), "host-model").build();
  }

  @Test
  void sendsTheSystemPromptMessagesLimitsAndAModelHint() {
    McpSchema.CreateMessageRequest[] seen = new McpSchema.CreateMessageRequest[1];
    SamplingBackend backend = new SamplingBackend(r -> {
      seen[0] = r;
      return text("{\"score\": 7}");
    }, 2);

    ChatResponse response = backend.chat(REQUEST);

    assertThat(response.text()).isEqualTo("{\"score\": 7}");
    assertThat(response.model()).isEqualTo("host-model");
    assertThat(backend.id()).isEqualTo("sampling");
    McpSchema.CreateMessageRequest r = seen[0];
    assertThat(r.systemPrompt()).isEqualTo(JudgePrompt.system());
    assertThat(r.messages()).extracting(McpSchema.SamplingMessage::role)
        .containsExactly(McpSchema.Role.USER, McpSchema.Role.ASSISTANT, McpSchema.Role.USER);
    assertThat(((McpSchema.TextContent) r.messages().get(2).content()).text()).isEqualTo("again");
    assertThat(r.maxTokens()).isEqualTo(600);
    assertThat(r.temperature()).isZero();
    assertThat(r.modelPreferences().hints()).extracting(McpSchema.ModelHint::name).containsExactly("claude-sonnet");
    assertThat(r.includeContext()).isEqualTo(McpSchema.CreateMessageRequest.ContextInclusionStrategy.NONE);
  }

  @Test
  void nonTextAnswersAreInvalidAnswers() {
    SamplingBackend backend = new SamplingBackend(r -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT,
        new McpSchema.ImageContent(null, "aGk=", "image/png", null), "m").build(), 1);

    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.INVALID_ANSWER));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-1|User rejected sampling request|BAD_REQUEST",
      "-32601|Method not found|BAD_REQUEST",
      "-32602|bad params|BAD_REQUEST",
      "-32603|model overloaded|TRANSIENT"})
  void clientErrorsMapToKinds(int code, String message, LlmErrorKind kind) {
    SamplingBackend backend = new SamplingBackend(r -> {
      throw McpError.builder(code).message(message).build();
    }, 1);

    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
      assertThat(e.backend()).isEqualTo("sampling");
    });
  }

  @Test
  void timeoutsAndMissingCapabilityMapToKinds() {
    SamplingBackend timeout = new SamplingBackend(r -> {
      throw new RuntimeException(new TimeoutException("10 minutes"));
    }, 1);
    SamplingBackend noCapability = new SamplingBackend(r -> {
      throw new IllegalStateException("Client must be configured with sampling capabilities");
    }, 1);

    assertThatThrownBy(() -> timeout.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.TIMEOUT));
    assertThatThrownBy(() -> noCapability.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.BAD_REQUEST));
  }

  @Test
  void limitsTheRequestsInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(8);
    SamplingBackend backend = new SamplingBackend(r -> {
      max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return text("{}");
    }, 2);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        executor.submit(() -> {
          backend.chat(REQUEST);
          done.countDown();
        });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(max.get()).isEqualTo(2);
  }

  @Test
  void anInterruptedCallIsCancelled() {
    SamplingBackend backend = new SamplingBackend(r -> {
      Thread.currentThread().interrupt();
      throw new RuntimeException(new InterruptedException());
    }, 1);

    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.CANCELLED));
    assertThat(Thread.interrupted()).isTrue();
  }
}
