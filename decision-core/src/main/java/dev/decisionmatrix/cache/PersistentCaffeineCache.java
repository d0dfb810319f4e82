package dev.decisionmatrix.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.decisionmatrix.judge.Judgment;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A Caffeine cache in front of a {@link CacheFile}. Memory holds every live judgment the file holds
 * (the file is read whole when the cache opens, and both are bounded by the same entry count), so
 * a lookup never touches the disk; the file follows memory: a put is queued for writing, and an
 * entry that memory drops for size or age, or that a newer judgment replaces, is queued for
 * deletion.
 *
 * <p>The file is read on a thread of its own, so that opening returns at once (a server starts
 * without waiting for 100,000 judgments to be read); every operation waits until it is read.
 *
 * <p>Time to live is measured from when a judgment was first stored, across restarts: an entry
 * read back from the file expires when it would have expired had the process kept running. The
 * clock is wall time ({@link InstantSource}), since a monotonic clock does not survive a restart.
 */
final class PersistentCaffeineCache implements PersistentEvaluationCache {

  private static final System.Logger LOG = System.getLogger(EvaluationCache.class.getName());

  /** A judgment in memory with when it was stored and its number in the file (0 without a file). */
  private record Stored(Judgment judgment, long storedAtMillis, long seq) {}

  private final Path directory;
  private final InstantSource clock;
  private final long ttlMillis;
  private final long maxEntries;
  private final Cache<CacheKey, Stored> memory;
  /** Completes with the file's writer once it is read, or with {@code null} if the cache works in memory only. */
  private final CompletableFuture<@Nullable CacheWriter> file = new CompletableFuture<>();

  PersistentCaffeineCache(Path directory, long maxEntries, Duration timeToLive, InstantSource clock) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
    }
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("timeToLive must be positive but was " + timeToLive);
    }
    this.directory = directory.toAbsolutePath().normalize();
    this.clock = clock;
    this.ttlMillis = saturatedMillis(timeToLive);
    this.maxEntries = maxEntries;
    this.memory =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            // The same wall clock as the stored times, so expiry agrees with what a restart reads.
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfter(Expiry.<CacheKey, Stored>writing((key, stored) -> Duration.ofMillis(Math.max(0, stored.storedAtMillis() + ttlMillis - clock.millis()))))
            // Maintenance on the caller's thread: the listener only queues, and tests stay deterministic.
            .executor(Runnable::run)
            .removalListener(this::removed)
            .recordStats()
            .build();
    Thread.ofPlatform().daemon().name("judgment-cache-reader").start(this::read);
  }

  private void read() {
    CacheWriter writer = null;
    try {
      writer = CacheFile.open(directory, clock.millis(), ttlMillis, maxEntries,
          loaded -> memory.put(loaded.key(), new Stored(loaded.judgment(), loaded.storedAtMillis(), loaded.seq())));
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "The judgment cache could not read " + directory + "; judgments are cached in memory only", e);
    } finally {
      file.complete(writer);
    }
  }

  /** Waits until the file is read; {@code null} if the cache works in memory only. */
  private @Nullable CacheWriter file() {
    return file.join();
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  private void removed(@Nullable CacheKey key, @Nullable Stored stored, RemovalCause cause) {
    // Not waiting: while the file is read nothing is removed from it (it holds no more than fits).
    CacheWriter f = file.getNow(null);
    // EXPLICIT is invalidateAll, which clears the file in one step.
    if (f != null && stored != null && cause != RemovalCause.EXPLICIT) {
      f.delete(stored.seq());
    }
  }

  @Override
  public @Nullable Judgment get(CacheKey key) {
    file();
    Stored stored = memory.getIfPresent(key);
    return stored == null ? null : stored.judgment();
  }

  @Override
  public void put(CacheKey key, Judgment judgment) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(judgment, "judgment");
    if (judgment instanceof Judgment.Failed) {
      return;
    }
    CacheWriter f = file();
    long now = clock.millis();
    long seq = 0;
    if (f != null) {
      seq = f.nextSeq();
      // Queued before memory sees it, so a deletion of this entry is always queued after its write.
      f.put(seq, key, judgment, now);
    }
    memory.put(key, new Stored(judgment, now, seq));
  }

  @Override
  public CacheStats stats() {
    file();
    var s = memory.stats();
    return new CacheStats(s.hitCount(), s.missCount(), s.evictionCount(), memory.estimatedSize());
  }

  @Override
  public void invalidateAll() {
    CacheWriter f = file();
    if (f != null) {
      f.clear();
    }
    memory.invalidateAll();
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public boolean isPersistent() {
    CacheWriter f = file();
    return f != null && f.isWriting();
  }

  @Override
  public void flush() {
    CacheWriter f = file();
    if (f != null) {
      f.flush();
    }
  }

  @Override
  public long bytesWritten() {
    CacheWriter f = file();
    return f == null ? 0 : f.bytesWritten();
  }

  @Override
  public void close() {
    CacheWriter f = file();
    if (f != null) {
      f.close();
    }
  }

  @Override
  public String toString() {
    CacheWriter f = file.getNow(null);
    return "EvaluationCache.persistent(" + directory + (!file.isDone() ? ", reading" : f != null && f.isWriting() ? "" : ", in memory only") + ")";
  }
}
