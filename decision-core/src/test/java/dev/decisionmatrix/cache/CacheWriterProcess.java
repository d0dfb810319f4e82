package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The second process of {@link PersistentCacheProcessTest}. Arguments: directory, count. Opens a
 * persistent cache on the directory, says {@code persistent=<true|false>}, stores judgments 0 ..
 * count-1 ({@link #judgment(int)} under {@link #key(int)}), flushes, says {@code flushed}, and then
 * waits, holding the cache open, until its standard input ends or it is killed.
 */
final class CacheWriterProcess {

  private CacheWriterProcess() {}

  static CacheKey key(int i) {
    return CacheKey.builder().field("process-cell", i).build();
  }

  static Judgment judgment(int i) {
    return Judgment.Scored.of(1 + i % 10, "written by the second process, number " + i, 0.75);
  }

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    PersistentEvaluationCache cache = EvaluationCache.persistent(directory);
    say("persistent=" + cache.isPersistent());
    for (int i = 0; i < count; i++) {
      cache.put(key(i), judgment(i));
    }
    cache.flush();
    say("flushed");
    // Deliberately no close(): the test kills this process, as a crash or SIGKILL would.
    while (System.in.read() >= 0) {
      // wait
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
