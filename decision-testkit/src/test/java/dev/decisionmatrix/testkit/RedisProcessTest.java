package dev.decisionmatrix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisProcessTest {

  private static String command(int port, String line) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void aStartedServerAnswersOnItsLoopbackPortAndForgetsItsDataAcrossARestart() throws IOException {
    try (RedisProcess redis = RedisProcess.start()) {
      assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
      assertThat(command(redis.port(), "SET k v")).isEqualTo("+OK");

      redis.stop();
      assertThat(redis.running()).isFalse();
      assertThatThrownBy(() -> command(redis.port(), "PING")).isInstanceOf(ConnectException.class);

      redis.startAgain();
      assertThat(command(redis.port(), "GET k")).isEqualTo("$-1");
    }
  }

  @Test
  void aKilledServerRefusesConnectionsUntilStartedAgain() throws IOException {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      assertThatThrownBy(() -> command(redis.port(), "PING")).isInstanceOf(ConnectException.class);
      redis.startAgain();
      assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
      assertThatThrownBy(redis::startAgain).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }
  }
}
