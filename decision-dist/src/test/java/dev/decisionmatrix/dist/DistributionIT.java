package dev.decisionmatrix.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fresh-machine check: the distribution's launcher, started by the official MCP TypeScript SDK
 * client (pinned in {@code src/test/e2e/package-lock.json}) on a PATH that holds no java and with
 * JAVA_HOME unset, answers initialize and a whole decision judged by the testkit's LLM simulator
 * over the OpenAI wire format. Needs Node.js 18+ and npm; fails, rather than skips, without them.
 */
class DistributionIT {

  private static final List<String> FILES = List.of("package.json", "package-lock.json", "dist-e2e.mjs");
  private static Path work;
  private static Path node;

  @BeforeAll
  static void installTheTypeScriptSdk() throws Exception {
    Path source = Path.of(required("decision.dist.e2e.source"));
    work = Path.of(required("decision.dist.e2e.work"));
    Files.createDirectories(work);
    node = onPath("node").orElseThrow(() -> new AssertionError(
        "node is not on the PATH: the distribution test drives the launcher with the official MCP TypeScript SDK; install Node.js 18+"));
    boolean lockChanged = !Files.exists(work.resolve("package-lock.json"))
        || Files.mismatch(source.resolve("package-lock.json"), work.resolve("package-lock.json")) != -1;
    for (String file : FILES) {
      Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (lockChanged || !Files.isDirectory(work.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      String npm = onPath("npm").orElseThrow(() -> new AssertionError("npm is not on the PATH: install Node.js 18+ with npm")).toString();
      Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(work.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
      assertThat(p.exitValue()).as("npm ci: " + out).isZero();
    }
  }

  @Test
  void theLauncherRunsAWholeDecisionWithNoJavaOnThePath(@TempDir Path temp) throws Exception {
    Path launcher = distribution().resolve("bin/decision-mcp");
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("node"), node);
    String path = bin.toString();
    assertThat(Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, "java"))).noneMatch(Files::exists);

    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey("dist-test").start()) {
      ProcessBuilder pb = new ProcessBuilder(node.toString(), "dist-e2e.mjs", "--launcher", launcher.toString()).directory(work.toFile());
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("PATH", path);
      env.put("HOME", temp.toString());
      env.put("DECISION_MATRIX_BACKEND", "openai");
      env.put("DECISION_MATRIX_MODEL", "sim-model");
      env.put("OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI));
      env.put("OPENAI_API_KEY", "dist-test");
      env.put("DECISION_MATRIX_DATA_DIR", temp.resolve("data").toString());
      Path err = temp.resolve("stderr.log");
      Process p = pb.redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the client finished").isTrue();
      String stderr = Files.readString(err);

      JsonNode r = StdioClient.json().readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
      assertThat(r.path("ok").asBoolean()).as("client report " + r.toPrettyString() + "\nstderr: " + stderr).isTrue();
      assertThat(r.path("serverName").asText()).isEqualTo("decision-matrix");
      assertThat(r.path("serverVersion").asText()).isEqualTo(required("decision.dist.version"));
      assertThat(r.path("startIsError").asBoolean()).isFalse();
      assertThat(r.path("evaluateIsError").asBoolean()).as(r.path("evaluateText").asText()).isFalse();
      assertThat(r.path("matrixIsError").asBoolean()).isFalse();
      JsonNode scores = r.path("cellScores");
      assertThat(scores.size()).isEqualTo(6);
      List<String> options = List.of("Kafka", "RabbitMQ", "NATS");
      for (String option : options) {
        assertThat(scores.path(option + "|Throughput").asDouble()).isEqualTo(LlmSimulator.expectedScore(option, "Throughput"));
        assertThat(scores.path(option + "|Ecosystem").asDouble()).isEqualTo(LlmSimulator.expectedScore(option, "Ecosystem"));
      }
      List<String> ranking = new ArrayList<>();
      r.path("ranking").forEach(n -> ranking.add(n.asText()));
      List<String> expected = options.stream()
          .sorted(Comparator.comparingDouble((String o) -> -(2 * LlmSimulator.expectedScore(o, "Throughput")
              + LlmSimulator.expectedScore(o, "Ecosystem"))))
          .toList();
      assertThat(ranking).as("ranking by weighted sum").containsExactlyInAnyOrderElementsOf(options);
      assertThat(ranking.getFirst()).isEqualTo(expected.getFirst());
      assertThat(sim.stats().requestCount(Protocol.OPENAI)).isGreaterThanOrEqualTo(6);
      assertThat(stderr).doesNotContain("UnsupportedClassVersionError", "Exception in thread");
    }
  }

  @Test
  void theLauncherStartsWithoutItsCacheAndThroughASymlinkFromAnotherFolder(@TempDir Path temp) throws Exception {
    Path dist = distribution();
    Path copy = Files.createDirectories(temp.resolve("dist with spaces"));
    Files.createDirectories(copy.resolve("bin"));
    Files.createDirectories(copy.resolve("lib"));
    Files.copy(dist.resolve("bin/decision-mcp"), copy.resolve("bin/decision-mcp"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createSymbolicLink(copy.resolve("runtime"), dist.resolve("runtime"));
    Files.createSymbolicLink(copy.resolve("lib/decision-mcp.jar"), dist.resolve("lib/decision-mcp.jar"));
    Path link = Files.createDirectories(temp.resolve("elsewhere")).resolve("decision-mcp");
    Files.createSymbolicLink(link, copy.resolve("bin/decision-mcp"));

    ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.strip()).isEqualTo("decision-mcp " + required("decision.dist.version"));
  }

  @Test
  void theArchivesHoldTheLauncherExecutableAndTheBundleItsManifest() throws Exception {
    Path dist = distribution();
    Path target = dist.getParent();
    String name = dist.getFileName().toString();
    assertThat(target.resolve(name + ".tar.gz")).isRegularFile();
    assertThat(Files.isExecutable(dist.resolve("bin/decision-mcp"))).isTrue();
    assertThat(Files.isExecutable(dist.resolve("runtime/bin/java"))).isTrue();
    try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile.builder()
        .setPath(target.resolve(name + ".mcpb")).get()) {
      var manifest = zip.getEntry("manifest.json");
      assertThat(manifest).as("manifest.json at the bundle's root").isNotNull();
      JsonNode m = StdioClient.json().readTree(zip.getInputStream(manifest));
      assertThat(m.path("server").path("type").asText()).isEqualTo("binary");
      assertThat(m.path("server").path("mcp_config").path("command").asText()).isEqualTo("${__dirname}/bin/decision-mcp");
      assertThat(m.path("user_config").path("openai_api_key").path("sensitive").asBoolean()).isTrue();
      var launcher = zip.getEntry("bin/decision-mcp");
      assertThat(launcher).isNotNull();
      assertThat(launcher.getUnixMode() & 0111).as("launcher mode in the bundle").isEqualTo(0111);
    }
  }

  private static Path distribution() throws IOException {
    Path target = Path.of(required("decision.dist.target"));
    String prefix = "decision-mcp-" + required("decision.dist.version") + "-";
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no distribution " + prefix + "<os>-<arch> in " + target + ": run ./mvnw verify"));
    }
  }

  private static java.util.Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return java.util.Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, command)).filter(Files::isExecutable).findFirst()
        .map(p -> {
          try {
            return p.toRealPath();
          } catch (IOException e) {
            return p;
          }
        });
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new AssertionError("system property " + property + " is not set: run the ITs through Maven (./mvnw verify)");
    }
    return value;
  }
}
