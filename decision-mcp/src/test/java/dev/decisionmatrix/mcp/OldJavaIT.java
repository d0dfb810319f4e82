package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar started by a real Java older than 21 (the {@code java} on the PATH, or any JDK
 * under /usr/lib/jvm): it must print one line saying what is needed and how to fix it, and exit 1,
 * instead of an {@code UnsupportedClassVersionError}. Skips only when no Java older than 21 exists
 * on the machine.
 */
class OldJavaIT {

  private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

  @Test
  void anOldJavaPrintsOneLineWithTheFixAndExitsWithOne() throws Exception {
    Optional<OldJava> old = findOldJava();
    assumeTrue(old.isPresent(), "no Java older than 21 on this machine");

    Process p = new ProcessBuilder(old.get().launcher().toString(), "-jar", ServerJar.jar().toString(), "--version").start();
    p.getOutputStream().close();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the old java finished").isTrue();

    assertThat(p.exitValue()).as("exit code; stderr: " + stderr).isEqualTo(1);
    assertThat(stdout).as("stdout belongs to the protocol").isEmpty();
    assertThat(stderr.lines().toList()).containsExactly("decision-mcp needs Java 21 or newer (found " + old.get().shown()
        + "): set JAVA_HOME to a JDK 21+ or use the self-contained distribution");
  }

  @Test
  void aCurrentJavaRunsTheServer() throws Exception {
    Process p = new ProcessBuilder(ServerJar.java(), "-jar", ServerJar.jar().toString(), "--version").redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("decision-mcp ");
  }

  /** A java launcher and the version it reports in java.specification.version. */
  private record OldJava(Path launcher, String shown) {}

  private static Optional<OldJava> findOldJava() throws IOException {
    List<Path> homes = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path java = Path.of(dir, "java");
        if (Files.isExecutable(java)) {
          homes.add(java.toRealPath().getParent().getParent());
        }
      }
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.sorted().forEach(homes::add);
      }
    }
    for (Path home : homes) {
      Path release = home.resolve("release");
      Path launcher = home.resolve("bin/java");
      if (!Files.isRegularFile(release) || !Files.isExecutable(launcher)) {
        continue;
      }
      Matcher m = RELEASE_VERSION.matcher(Files.readString(release));
      if (m.find()) {
        int feature = Integer.parseInt(m.group(1));
        if (feature < 21) {
          return Optional.of(new OldJava(launcher, feature <= 8 ? "1." + feature : Integer.toString(feature)));
        }
      }
    }
    return Optional.empty();
  }
}
