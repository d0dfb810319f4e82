package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file store in this JVM and one in a second JVM ({@link SessionUpdaterProcess}) share a
 * directory, like two MCP servers that two hosts started with one data directory.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoProcessesTest {

  private static final int UPDATES_PER_PROCESS = 100;

  /** Generous for a slow machine; each test normally takes about a second. */
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path root;

  private Path directory;
  private DecisionStore store;
  private Process second;
  private BufferedReader secondOut;

  @BeforeEach
  void openStoreWithOneSession() {
    directory = root.resolve("sessions");
    store = DecisionStore.files(directory, StoreOptions.defaults());
    Decision decision = Decision.of("Two processes", List.of(), List.of(Criterion.of("Fit")));
    Instant now = Instant.now();
    store.save(new Session("shared", decision, Evaluation.empty(decision), null, now, now));
  }

  @AfterEach
  void stopSecondProcessAndCloseStore() {
    if (second != null) {
      second.destroyForcibly();
    }
    store.close();
  }

  @Test
  void updatesFromTwoProcessesOnOneSessionLoseNothing() throws Exception {
    startSecondProcess("add", Integer.toString(UPDATES_PER_PROCESS), "B");
    expectLine("ready");
    CompletableFuture<String> done = nextLine();
    tellSecondProcessToGoOn();

    for (int i = 0; i < UPDATES_PER_PROCESS; i++) {
      String name = "A" + i;
      store.update("shared", s -> withOption(s, name));
    }

    assertThat(done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(secondErrors()).isEqualTo("done");
    expectCleanExit();
    List<String> expected = Stream.of("A", "B")
        .flatMap(prefix -> IntStream.range(0, UPDATES_PER_PROCESS).mapToObj(i -> prefix + i))
        .toList();
    assertThat(optionNames()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aWriterWaitingForAnotherProcessWaitsThroughAnInterruptAndKeepsTheLocksWorking() throws Exception {
    startSecondProcess("hold", "held by the second process");
    expectLine("holding");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        store.update("shared", s -> withOption(s, "written by the waiter"));
      } catch (Throwable t) {
        failure.set(t);
      }
      interruptKept.set(Thread.currentThread().isInterrupted());
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!parked(waiter) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(parked(waiter)).as("the waiter waits for the second process: %s", waiter.getState()).isTrue();

    waiter.interrupt();
    CompletableFuture<String> done = nextLine();
    tellSecondProcessToGoOn();

    assertThat(done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(secondErrors()).isEqualTo("done");
    assertThat(waiter.join(Duration.ofSeconds(TIMEOUT_SECONDS))).isTrue();
    assertThat(failure.get()).isNull();
    assertThat(interruptKept).isTrue();
    expectCleanExit();
    store.update("shared", s -> withOption(s, "afterwards"));
    assertThat(optionNames()).containsExactly("held by the second process", "written by the waiter", "afterwards");
  }

  private static boolean parked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  private static Session withOption(Session session, String name) {
    return session.withDecision(session.decision().withOption(Option.of(name)));
  }

  private List<String> optionNames() {
    return store.get("shared").orElseThrow().decision().options().stream().map(Option::name).toList();
  }

  private void startSecondProcess(String... arguments) throws IOException, URISyntaxException {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of(directory.toString(), "shared"));
    command.addAll(List.of(arguments));
    second = new ProcessBuilder(command).redirectError(root.resolve("second-process.err").toFile()).start();
    secondOut = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
  }

  /** This JVM's java, with the class path and module path of this test run on the class path. */
  private static List<String> javaCommand() throws URISyntaxException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Set<String> classPath = new LinkedHashSet<>();
    // The test classes themselves: on the module path they are patched into the module, not listed.
    classPath.add(Path.of(SessionUpdaterProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    for (String property : List.of("java.class.path", "jdk.module.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        classPath.addAll(List.of(value.split(File.pathSeparator)));
      }
    }
    return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, classPath),
        SessionUpdaterProcess.class.getName());
  }

  private CompletableFuture<String> nextLine() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        String line = secondOut.readLine();
        return line == null ? "<end of output>" : line;
      } catch (IOException e) {
        return e.toString();
      }
    });
  }

  private void expectLine(String expected) throws Exception {
    assertThat(nextLine().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(secondErrors()).isEqualTo(expected);
  }

  private void tellSecondProcessToGoOn() throws IOException {
    Writer in = second.outputWriter(StandardCharsets.UTF_8);
    in.write("go\n");
    in.flush();
  }

  private void expectCleanExit() throws InterruptedException {
    assertThat(second.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(secondErrors()).isZero();
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
