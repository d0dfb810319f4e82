package dev.decisionmatrix.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent cache in a second JVM ({@link CacheWriterProcess}) and one in this JVM on one
 * directory, like two MCP servers that two hosts started with one data directory.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PersistentCacheProcessTest {

  private static final int JUDGMENTS = 200;

  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path root;

  private Process second;

  @AfterEach
  void stopSecondProcess() {
    if (second != null) {
      second.destroyForcibly();
    }
  }

  @Test
  void aSecondProcessWorksInMemoryAndAKilledOnesFlushedJudgmentsSurvive() throws Exception {
    Path directory = root.resolve("cache");
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of(directory.toString(), Integer.toString(JUDGMENTS)));
    second = new ProcessBuilder(command).redirectError(root.resolve("second-process.err").toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
    assertThat(nextLine(out)).as(secondErrors()).isEqualTo("persistent=true");
    assertThat(nextLine(out)).as(secondErrors()).isEqualTo("flushed");

    try (PersistentEvaluationCache whileHeld = EvaluationCache.persistent(directory)) {
      assertThat(whileHeld.isPersistent()).as("the other process holds the file").isFalse();
      whileHeld.put(CacheWriterProcess.key(0), CacheWriterProcess.judgment(0));
      assertThat(whileHeld.get(CacheWriterProcess.key(0))).isNotNull();
    }

    second.destroyForcibly();
    assertThat(second.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    try (PersistentEvaluationCache afterKill = EvaluationCache.persistent(directory)) {
      assertThat(afterKill.isPersistent()).as("a killed process's lock is gone").isTrue();
      for (int i = 0; i < JUDGMENTS; i++) {
        assertThat(afterKill.get(CacheWriterProcess.key(i))).as("judgment " + i).isEqualTo(CacheWriterProcess.judgment(i));
      }
    }
  }

  private static String nextLine(BufferedReader out) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        String line = out.readLine();
        return line == null ? "<end of output>" : line;
      } catch (IOException e) {
        return e.toString();
      }
    }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** This JVM's java, with the class path and module path of this test run on the class path. */
  private static List<String> javaCommand() throws URISyntaxException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Set<String> classPath = new LinkedHashSet<>();
    // The test classes themselves: on the module path they are patched into the module, not listed.
    classPath.add(Path.of(CacheWriterProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    for (String property : List.of("java.class.path", "jdk.module.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        classPath.addAll(List.of(value.split(File.pathSeparator)));
      }
    }
    return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, classPath), CacheWriterProcess.class.getName());
  }

  private String secondErrors() {
    Path file = root.resolve("second-process.err");
    try {
      return "second process: " + (Files.exists(file) ? Files.readString(file) : "");
    } catch (IOException e) {
      return e.toString();
    }
  }
}
