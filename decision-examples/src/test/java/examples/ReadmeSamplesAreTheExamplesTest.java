package examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in the README is compiled code: the whole of one example's source, or a run of
 * its lines (indentation aside). A sample edited in the README alone, or an example edited without
 * its sample, fails here and names the sample.
 */
class ReadmeSamplesAreTheExamplesTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static Path property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the module's pom.xml)", name).isNotBlank();
    return Path.of(value);
  }

  private static List<String> readmeSamples() throws IOException {
    String readme = Files.readString(property("decision.examples.readme"), StandardCharsets.UTF_8);
    List<String> samples = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme);
    while (m.find()) {
      samples.add(m.group(1));
    }
    return samples;
  }

  private static Map<String, List<String>> exampleSources() throws IOException {
    Path root = property("decision.examples.sources");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
          f -> root.relativize(f).toString(), f -> {
            try {
              return Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
    }
  }

  /** The lines without trailing blanks and without the indentation they all share. */
  private static List<String> dedent(List<String> lines) {
    List<String> trimmed = lines.stream().map(String::stripTrailing).toList();
    int indent = trimmed.stream().filter(l -> !l.isEmpty())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return trimmed.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
  }

  private static boolean isRunOf(List<String> sample, List<String> source) {
    return IntStream.rangeClosed(0, source.size() - sample.size())
        .anyMatch(start -> dedent(source.subList(start, start + sample.size())).equals(sample));
  }

  @Test
  void everyJavaSampleInTheReadmeIsCodeFromAnExample() throws IOException {
    List<String> samples = readmeSamples();
    Map<String, List<String>> sources = exampleSources();
    assertThat(samples).as("Java samples in the README").isNotEmpty();

    for (String sample : samples) {
      List<String> lines = dedent(sample.lines().toList());
      assertThat(sources.values().stream().anyMatch(source -> isRunOf(lines, source)))
          .as("README sample starting %s%nis not code from any example under decision-examples/src/main/java (%s);"
              + " copy the example's code into the README or change the example", lines.getFirst(), sources.keySet())
          .isTrue();
    }
  }

  @Test
  void theFirstSampleIsAWholeExampleWithItsImports() throws IOException {
    List<String> first = dedent(readmeSamples().getFirst().lines().toList());

    assertThat(exampleSources().values()).as("examples whose complete source is the README's first Java sample")
        .anySatisfy(source -> assertThat(dedent(source)).isEqualTo(first));
    assertThat(first).anyMatch(line -> line.startsWith("import dev.decisionmatrix."));
  }
}
