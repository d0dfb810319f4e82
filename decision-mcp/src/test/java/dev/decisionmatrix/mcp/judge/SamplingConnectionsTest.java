package dev.decisionmatrix.mcp.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** One sampling backend per client connection: shared by its requests, never by two connections. */
class SamplingConnectionsTest {

  /** A request of a connection, as the server's exchange presents it. */
  private record Request(String session, @Nullable String clientName) implements SamplingClient {
    @Override
    public McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object connection() {
      return session;
    }
  }

  @Test
  void everyRequestOfOneConnectionGetsTheSameBackendAndTwoConnectionsNeverShareOne() {
    SamplingConnections connections = new SamplingConnections(4);

    SamplingBackend first = connections.attach(new Request("session-a", "claude-ai")).backend();
    SamplingBackend again = connections.attach(new Request("session-a", "claude-ai")).backend();
    SamplingBackend sameNameOtherConnection = connections.attach(new Request("session-b", "claude-ai")).backend();
    SamplingBackend otherClient = connections.attach(new Request("session-c", "Visual Studio Code")).backend();

    assertThat(again).isSameAs(first);
    assertThat(first.id()).isEqualTo("sampling:claude-ai:1");
    assertThat(sameNameOtherConnection.id()).isEqualTo("sampling:claude-ai:2");
    assertThat(otherClient.id()).isEqualTo("sampling:visual-studio-code:3");
    assertThat(first.maxConcurrency()).hasValue(4);
  }

  @Test
  void idleConnectionsBeyondTheLimitAreForgottenButNeverOneWithAnOpenRequest() {
    SamplingConnections connections = new SamplingConnections(4, 2);
    SamplingBackend.Attachment busy = connections.attach(new Request("busy", "host"));
    connections.attach(new Request("idle-1", "host")).close();
    connections.attach(new Request("idle-2", "host")).close();
    connections.attach(new Request("idle-3", "host")).close();

    assertThat(connections.size()).isEqualTo(2);
    assertThat(connections.attach(new Request("busy", "host")).backend()).as("kept while a request is open").isSameAs(busy.backend());
    assertThat(connections.attach(new Request("idle-1", "host")).backend().id()).as("a forgotten connection gets a new number")
        .isEqualTo("sampling:host:5");
  }
}
