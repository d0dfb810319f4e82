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

  /** A connection's backend with one open request attached. */
  private static SamplingBackend attached(SamplingClient client, int maxInFlight) {
    SamplingBackend backend = new SamplingBackend("Test Host", 1, maxInFlight);
    backend.attach(client);
    return backend;
  }

  private static McpSchema.CreateMessageResult text(String text) {
    return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder(text).build(), "host-model").build();
  }

  @Test
  void sendsTheSystemPromptMessagesLimitsAndAModelHint() {
    McpSchema.CreateMessageRequest[] seen = new McpSchema.CreateMessageRequest[1];
    SamplingBackend backend = attached(r -> {
      seen[0] = r;
      return text("{\"score\": 7}");
    }, 2);

    ChatResponse response = backend.chat(REQUEST);

    assertThat(response.text()).isEqualTo("{\"score\": 7}");
    assertThat(response.model()).isEqualTo("host-model");
    assertThat(backend.id()).isEqualTo("sampling:test-host:1");
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
    SamplingBackend backend = attached(r -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT,
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
    SamplingBackend backend = attached(r -> {
      throw McpError.builder(code).message(message).build();
    }, 1);

    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
      assertThat(e.backend()).isEqualTo("sampling:test-host:1");
    });
  }

  @Test
  void timeoutsAndMissingCapabilityMapToKinds() {
    SamplingBackend timeout = attached(r -> {
      throw new RuntimeException(new TimeoutException("10 minutes"));
    }, 1);
    SamplingBackend noCapability = attached(r -> {
      throw new IllegalStateException("Client must be configured with sampling capabilities");
    }, 1);

    assertThatThrownBy(() -> timeout.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.TIMEOUT));
    assertThatThrownBy(() -> noCapability.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.BAD_REQUEST));
  }

  @Test
  void holdsNoLimiterOfItsOwnButDeclaresThePerClientLimitToTheEngine() throws Exception {
    CountDownLatch allInside = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    SamplingBackend backend = attached(r -> {
      allInside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text("{}");
    }, 2);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 3; i++) {
        executor.submit(() -> backend.chat(REQUEST));
      }
      // Three calls reach the client although the limit is 2: limiting is the engine's job, so a
      // call never waits inside the backend while it holds an engine slot.
      assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }

    assertThat(backend.maxConcurrency()).hasValue(2);
  }

  @Test
  void theIdNamesTheClientAndConnectionAndChangesWithTheModelOnlyBetweenEvaluations() {
    String[] model = {"claude-sonnet-4.5"};
    SamplingClient client = r -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder("{}").build(), model[0])
        .build();
    SamplingBackend backend = new SamplingBackend("Claude Desktop (beta)", 7, 4);

    SamplingBackend.Attachment first = backend.attach(client);
    backend.chat(REQUEST);
    assertThat(backend.id()).as("the first model is the connection's own").isEqualTo("sampling:claude-desktop-beta:7");
    assertThat(backend.reportedModel()).isEqualTo("claude-sonnet-4.5");
    first.close();

    backend.attach(client).close();
    assertThat(backend.id()).isEqualTo("sampling:claude-desktop-beta:7");

    SamplingBackend.Attachment running = backend.attach(client);
    model[0] = "GPT 4o";
    backend.chat(REQUEST);
    SamplingBackend.Attachment second = backend.attach(client);
    assertThat(backend.id()).as("never changes under a running evaluation").isEqualTo("sampling:claude-desktop-beta:7");
    second.close();
    running.close();
    running.close();

    SamplingBackend.Attachment next = backend.attach(client);
    assertThat(backend.id()).as("another model gets its own namespace from the next evaluation on").isEqualTo("sampling:claude-desktop-beta:7/gpt-4o");
    model[0] = "claude-sonnet-4.5";
    backend.chat(REQUEST);
    next.close();
    backend.attach(client);
    assertThat(backend.id()).as("switching back finds the first model's namespace again").isEqualTo("sampling:claude-desktop-beta:7");
  }

  @Test
  void clientNamesBecomeIdTokens() {
    assertThat(SamplingBackend.token("Visual Studio Code", 40, "client")).isEqualTo("visual-studio-code");
    assertThat(SamplingBackend.token("  claude-ai ", 40, "client")).isEqualTo("claude-ai");
    assertThat(SamplingBackend.token("a/b:c#d", 40, "client")).isEqualTo("a-b-c-d");
    assertThat(SamplingBackend.token("!!!", 40, "client")).isEqualTo("client");
    assertThat(SamplingBackend.token(null, 40, "client")).isEqualTo("client");
    assertThat(SamplingBackend.token("x".repeat(100), 40, "client")).hasSize(40);
    assertThat(new SamplingBackend(null, 3, 1).id()).isEqualTo("sampling:client:3");
  }

  @Test
  void requestsTravelThroughTheLatestOpenRequestAndFailAsCancelledWhenNoneIsOpen() {
    AtomicInteger viaFirst = new AtomicInteger();
    AtomicInteger viaSecond = new AtomicInteger();
    SamplingBackend backend = new SamplingBackend("host", 1, 4);
    SamplingBackend.Attachment first = backend.attach(r -> {
      viaFirst.incrementAndGet();
      return text("{}");
    });
    SamplingBackend.Attachment second = backend.attach(r -> {
      viaSecond.incrementAndGet();
      return text("{}");
    });

    backend.chat(REQUEST);
    second.close();
    backend.chat(REQUEST);
    first.close();

    assertThat(viaSecond.get()).isEqualTo(1);
    assertThat(viaFirst.get()).isEqualTo(1);
    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.kind()).isEqualTo(LlmErrorKind.CANCELLED);
      assertThat(e.getMessage()).contains("no request of this MCP client is open");
    });
  }

  @Test
  void anInterruptedCallIsCancelled() {
    SamplingBackend backend = attached(r -> {
      Thread.currentThread().interrupt();
      throw new RuntimeException(new InterruptedException());
    }, 1);

    assertThatThrownBy(() -> backend.chat(REQUEST)).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.CANCELLED));
    assertThat(Thread.interrupted()).isTrue();
  }
}
