package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the engine's requests the way a model would, for the batched-mode tests: which option, and
 * which criteria (name and rubric) in which numbered order. Scores are a hash of option, criterion
 * and rubric, so a cell that gets another cell's answer is caught.
 */
final class BatchJudge {

  private static final Pattern OPTION = Pattern.compile("<data name=\"option_name\">\n(.*?)\n</data>", Pattern.DOTALL);
  private static final Pattern SECTION = Pattern.compile("(?m)^Criterion (\\d+) \\((?:benefit|cost)\\):\n");
  private static final Pattern NAME = Pattern.compile("<data name=\"criterion_name\">\n(.*?)\n</data>", Pattern.DOTALL);
  private static final Pattern RUBRIC = Pattern.compile("<data name=\"rubric\">\n(.*?)\n</data>", Pattern.DOTALL);

  /** One criterion a request asks about. */
  record Asked(String criterion, String rubric) {}

  private BatchJudge() {}

  static String option(ChatRequest request) {
    Matcher m = OPTION.matcher(request.messages().getFirst().content());
    return m.find() ? m.group(1) : "?";
  }

  /** The criteria a request asks about, in order: several for a batched request, one otherwise. */
  static List<Asked> asked(ChatRequest request) {
    String text = request.messages().getFirst().content();
    Matcher sections = SECTION.matcher(text);
    List<Integer> starts = new ArrayList<>();
    while (sections.find()) {
      starts.add(sections.end());
    }
    if (starts.isEmpty()) {
      return List.of(section(text));
    }
    List<Asked> asked = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? text.lastIndexOf("Criterion ", starts.get(i + 1)) : text.length();
      asked.add(section(text.substring(starts.get(i), end)));
    }
    return asked;
  }

  private static Asked section(String text) {
    Matcher name = NAME.matcher(text);
    Matcher rubric = RUBRIC.matcher(text);
    return new Asked(name.find() ? name.group(1) : "?", rubric.find() ? rubric.group(1) : "");
  }

  static boolean isBatch(ChatRequest request) {
    return SECTION.matcher(request.messages().getFirst().content()).find();
  }

  static double score(String option, Asked asked) {
    return 1 + Math.floorMod((option + "|" + asked.criterion() + "|" + asked.rubric()).hashCode(), 91) / 10.0;
  }

  static String entry(int number, double score) {
    return "{\"criterion\": " + number + ", \"score\": " + score + ", \"reasoning\": \"r\", \"confidence\": 0.7}";
  }

  /** Writes a batched answer's entry for one criterion, or leaves it out. */
  @FunctionalInterface
  interface Entries {
    /**
     * @param number the criterion's number in the request, from 1
     * @param asked the criterion
     * @param rightScore the score the right answer gives it
     * @return the entry, or {@code null} to leave the criterion out
     */
    String entry(int number, Asked asked, double rightScore);
  }

  /** The right answer to a one-cell request; for a batched one, the entries {@code entries} writes. */
  static ChatResponse answer(ChatRequest request, Entries entries) {
    if (!isBatch(request)) {
      return answer(request);
    }
    List<Asked> asked = asked(request);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      String entry = entries.entry(i + 1, asked.get(i), score(option(request), asked.get(i)));
      if (entry != null) {
        written.add(entry);
      }
    }
    return new ChatResponse("{\"judgments\":[" + String.join(",", written) + "]}", TokenUsage.ZERO, "fake");
  }

  /** The right answer to any request: one object for a one-cell request, numbered entries for a batch. */
  static ChatResponse answer(ChatRequest request) {
    String option = option(request);
    List<Asked> asked = asked(request);
    if (!isBatch(request)) {
      return new ChatResponse("{\"score\": " + score(option, asked.getFirst()) + ", \"reasoning\": \"r\", \"confidence\": 0.7}",
          new TokenUsage(100, 20), "fake");
    }
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      entries.add(entry(i + 1, score(option, asked.get(i))));
    }
    return new ChatResponse("{\"judgments\": [" + String.join(", ", entries) + "]}", new TokenUsage(100L * asked.size(), 20L * asked.size()),
        "fake");
  }
}
