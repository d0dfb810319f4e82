package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What a {@code DECISION_MATRIX_REDIS_URL} may carry, against real servers: a password and a
 * database number, and {@code rediss://} to a Redis that speaks only TLS (its certificate made here
 * by {@code openssl}, its CA trusted through the JVM's standard trust-store properties).
 */
class RedisUrlsTest {

  private static final String PASSWORD = "s3cret-pass";

  private static Decision decision() {
    return Decision.builder("Which queue?").option("Kafka").option("NATS").criterion("Throughput", 2).build();
  }

  /** Saves a session through the URL and reads it back through a second connection on it. */
  private static void roundTrip(String url) {
    Session saved;
    try (RedisConnection connection = RedisConnection.open(url, "urls-test:");
        DecisionStore store = connection.store(StoreOptions.defaults())) {
      assertThat(connection.ping()).as("PING through " + RedisConnection.redact(url)).isTrue();
      saved = store.save(Session.create(decision(), null, Instant.now()));
    }
    try (RedisConnection connection = RedisConnection.open(url, "urls-test:");
        DecisionStore store = connection.store(StoreOptions.defaults())) {
      assertThat(store.get(saved.id())).map(s -> s.decision().topic()).contains("Which queue?");
    }
  }

  @Test
  void aPasswordAndADatabaseInTheUrlAreUsed() {
    try (RedisProcess redis = RedisProcess.start(List.of("--requirepass", PASSWORD))) {

      roundTrip("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/3");

      try (Jedis raw = new Jedis(new HostAndPort("127.0.0.1", redis.port()), DefaultJedisClientConfig.builder().password(PASSWORD).build())) {
        raw.select(3);
        assertThat(raw.dbSize()).as("keys in database 3").isPositive();
        raw.select(0);
        assertThat(raw.dbSize()).as("keys in database 0").isZero();
      }
    }
  }

  @Test
  void aWrongPasswordIsAClearStoreErrorThatNeverShowsAPassword() {
    try (RedisProcess redis = RedisProcess.start(List.of("--requirepass", PASSWORD));
        RedisConnection connection = RedisConnection.open("redis://:wrong-pass@127.0.0.1:" + redis.port() + "/0");
        DecisionStore store = connection.store(StoreOptions.defaults())) {

      assertThat(connection.ping()).isFalse();
      assertThatThrownBy(() -> store.get("any"))
          .isInstanceOf(DecisionStoreException.class)
          .hasMessageContaining("redis://***@127.0.0.1:" + redis.port())
          .satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain("wrong-pass").doesNotContain(PASSWORD);
            }
          });
    }
  }

  @Test
  void redissReachesARedisThatSpeaksOnlyTls(@TempDir Path dir) throws Exception {
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=decision-matrix test CA");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2",
        "-extfile", "san.cnf");
    Path trustStore = trustStoreWith(dir.resolve("ca.crt"), dir.resolve("trust.p12"));

    try (RedisProcess redis = RedisProcess.start(List.of("--port", "0", "--tls-port", "{port}",
        "--tls-cert-file", dir.resolve("server.crt").toString(), "--tls-key-file", dir.resolve("server.key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.crt").toString(), "--tls-auth-clients", "no"))) {

      // In a JVM of its own, started as a deployment with a private CA starts the server: this
      // JVM's default SSL context is built already, by whatever spoke TLS or made an HTTP client first.
      String url = "rediss://127.0.0.1:" + redis.port() + "/1";
      assertThat(probe(url, null)).as("without the CA in the trust store").isNotEqualTo(0);
      assertThat(probe(url, trustStore)).as("with the CA in the trust store").isEqualTo(0);

      try (RedisConnection plain = RedisConnection.open("redis://127.0.0.1:" + redis.port() + "/1")) {
        assertThat(plain.ping()).as("the same port without TLS").isFalse();
      }
    }
  }

  /** A PKCS12 trust store holding only the test CA. */
  private static Path trustStoreWith(Path caCertificate, Path trustStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (var out = Files.newOutputStream(trustStore)) {
      store.store(out, "changeit".toCharArray());
    }
    return trustStore;
  }

  /** Runs {@link #main} in a new JVM on this test's class path; returns its exit code. */
  private static int probe(String url, Path trustStore) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (trustStore != null) {
      command.addAll(List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
          "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RedisUrlsTest.class.getName(), url));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM: " + output).isTrue();
    return p.exitValue();
  }

  /**
   * The probe: saves and reads a session through the URL; exits 0 if that worked, 1 if the
   * connection failed.
   *
   * @param args the Redis URL
   */
  public static void main(String[] args) {
    try {
      roundTrip(args[0]);
    } catch (AssertionError | RuntimeException e) {
      System.out.println("probe failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("this test makes its TLS certificates with openssl: install the Debian package openssl", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + output).isZero();
  }
}
