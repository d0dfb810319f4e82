package examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an example's {@code main} in a second JVM, as a user would run it, with a chosen environment:
 * the examples read their backend from environment variables, which one JVM cannot change for itself.
 */
final class ExampleProcess {

  /** Variables of the parent's environment that could point an example at a real provider. */
  private static final List<String> PROVIDER_PREFIXES =
      List.of("DECISION_MATRIX_", "OPENAI_", "ANTHROPIC_", "OLLAMA_", "AWS_");

  /** What one run printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {

    List<String> lines() {
      return stdout.lines().toList();
    }
  }

  private ExampleProcess() {}

  /**
   * Runs {@code mainClass} on the test class path with the parent's environment minus any provider
   * configuration, plus {@code env}, and waits for it to end.
   */
  static Result run(Class<?> mainClass, Map<String, String> env, Duration timeout, Path workDir)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", testClassPath(), mainClass.getName());
    builder.environment().keySet().removeIf(name -> PROVIDER_PREFIXES.stream().anyMatch(name::startsWith));
    builder.environment().putAll(env);
    Path out = workDir.resolve(mainClass.getSimpleName() + ".out");
    Path err = workDir.resolve(mainClass.getSimpleName() + ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile()).directory(workDir.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(mainClass.getSimpleName() + " did not finish within " + timeout
          + "; it printed:\n" + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Surefire's forked JVM sees only its booter jar as java.class.path; the full path is here. */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
