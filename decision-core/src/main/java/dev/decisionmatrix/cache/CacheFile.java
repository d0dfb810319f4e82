package dev.decisionmatrix.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.report.DecisionJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.jspecify.annotations.Nullable;

/**
 * Opens and reads the file behind a {@link PersistentCaffeineCache}: {@value #FILE_NAME} in the cache's directory,
 * an H2 MVStore holding one map from a sequence number (the order judgments were stored in) to the
 * judgment as JSON: {@code {"key": "<64 hex digits>", "storedAt": "<ISO-8601 instant>", "state":
 * "scored", "score": 7.0, ...}}, the judgment's fields being those of a cell of {@link DecisionJson}.
 *
 * <p><b>Why keys in write order.</b> The file is read whole when it opens, and never looked up by
 * cache key afterwards (the in-memory layer holds everything the file holds). Keying by an ever
 * growing number makes every write an append to the right edge of the B-tree, so a commit rewrites
 * a handful of pages instead of one page per judgment scattered over the tree. An overwritten,
 * evicted or expired judgment is deleted by its number; should a deletion be lost (a crash, a full
 * queue), reading keeps the newest judgment of a key and drops the rest.
 *
 * <p><b>Writes</b> go through the {@link CacheWriter} that {@link #open} returns.
 *
 * <p><b>Failures never fail the cache's user.</b> Each is logged once and the cache goes on in memory
 * only: a directory that cannot be created, a file another process holds (MVStore locks it, so a
 * second server on the same data directory degrades instead of corrupting it), a file of a newer
 * format (left in place), a failed write. A file that cannot be read is renamed to {@code
 * judgments.mv.corrupt} (or {@code .corrupt.1}, ...) so nothing is lost, and an empty one takes
 * its place; entries that cannot be read are dropped one by one.
 */
final class CacheFile {

  private static final System.Logger LOG = System.getLogger(EvaluationCache.class.getName());

  static final String FILE_NAME = "judgments.mv";

  static final String CORRUPT_SUFFIX = ".corrupt";

  /** The version of the entries' JSON and of the file's layout, kept in the {@code info} map. */
  static final int SCHEMA_VERSION = 1;

  static final String KIND = "decision-matrix-judgment-cache";

  /** How long a stored judgment may wait for its commit. */
  static final int COMMIT_DELAY_MILLIS = 200;

  /** MVStore's page cache: small, since the file is read once and then only appended to. */
  private static final int PAGE_CACHE_MB = 4;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final TypeReference<Map<String, @Nullable Object>> OBJECT = new TypeReference<>() {};

  private CacheFile() {}

  /** A judgment read back when the file opens. */
  record Loaded(long seq, CacheKey key, Judgment judgment, long storedAtMillis) {}

  /** A store of a newer version wrote the file: leave it alone. */
  private static final class NewerFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(String message) {
      super(message);
    }
  }

  /** The file store MVStore would make, counting the bytes it writes (MVStore keeps that count private). */
  static final class CountingFileStore extends SingleFileStore {
    CountingFileStore() {
      super(new LinkedHashMap<>(Map.of("cacheSize", PAGE_CACHE_MB)));
    }

    long bytesWritten() {
      return writeBytes.get();
    }
  }

  /** Shared by the writer and MVStore's background thread, so that one failure is reported once. */
  static final class Health {
    volatile boolean opened;
    final AtomicBoolean reported = new AtomicBoolean();

    void report(Path file, Throwable e) {
      if (opened && reported.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "The judgment cache could not write to {0}: {1}. Judgments from now on are cached in memory only.", file, e.toString());
      }
    }
  }

  /**
   * Opens the file of a directory and hands every live judgment in it to {@code sink}, oldest first.
   * Judgments older than the time to live, beyond the newest {@code maxEntries}, superseded by a
   * newer one of the same key, or unreadable are deleted.
   *
   * @return the writer of the open file, or {@code null} (after one warning) if the directory
   *     cannot be used
   */
  static @Nullable CacheWriter open(Path directory, long nowMillis, long ttlMillis, long maxEntries, Consumer<Loaded> sink) {
    // File channels close when their thread is interrupted; opening must not be cut short that way.
    boolean interrupted = Thread.interrupted();
    try {
      Path file = directory.resolve(FILE_NAME);
      try {
        createOwnerOnly(directory, file);
      } catch (IOException | RuntimeException e) {
        warnInMemory(file, "it cannot be created: " + e);
        return null;
      }
      Reading reading = new Reading(nowMillis, ttlMillis, maxEntries);
      Opened opened = openStore(file, reading);
      if (opened == null) {
        return null;
      }
      CacheWriter writer = new CacheWriter(file, opened);
      // Only now, with the file that holds these numbers: a failed first attempt's entries never reach memory.
      opened.live().forEach(sink);
      writer.start();
      return writer;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What to keep when reading the file. */
  private record Reading(long nowMillis, long ttlMillis, long maxEntries) {}

  /** An open store with its live judgments, oldest first. */
  record Opened(MVStore store, CountingFileStore fileStore, Health health, MVMap<Long, String> judgments, List<Loaded> live, long nextSeq) {}

  private static void createOwnerOnly(Path directory, Path file) throws IOException {
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(directory)) {
      if (posix) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(directory);
      }
    }
    // MVStore would create the file with the default permissions; judgments quote users' decisions.
    if (posix && !Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // another opener was first
      }
    }
  }

  /** Opens and reads the store, setting an unreadable file aside once; {@code null} (after a warning) if that fails too. */
  private static @Nullable Opened openStore(Path file, Reading reading) {
    for (int attempt = 0; ; attempt++) {
      try {
        return tryOpen(file, reading);
      } catch (MVStoreException e) {
        if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
          warnInMemory(file, "another process (or another cache in this one) is using it");
          return null;
        }
        if (e.getErrorCode() == DataUtils.ERROR_UNSUPPORTED_FORMAT) {
          warnInMemory(file, "a newer version wrote it (" + e.getMessage() + "); it is left in place for that version");
          return null;
        }
        if (attempt > 0 || !setAside(file, e.getMessage())) {
          warnInMemory(file, "it cannot be opened: " + e.getMessage());
          return null;
        }
      } catch (NewerFormatException e) {
        warnInMemory(file, e.getMessage() + "; it is left in place for that version");
        return null;
      } catch (RuntimeException e) {
        if (attempt > 0 || !setAside(file, e.toString())) {
          warnInMemory(file, "it cannot be opened: " + e);
          return null;
        }
      }
    }
  }

  private static Opened tryOpen(Path file, Reading reading) {
    CountingFileStore fileStore = new CountingFileStore();
    fileStore.open(file.toString(), false, null);
    Health health = new Health();
    MVStore store;
    try {
      // A failure while opening is reported by the opener; later ones (a background commit) once, here.
      store = new MVStore.Builder().adoptFileStore(fileStore).compress().backgroundExceptionHandler((thread, e) -> health.report(file, e)).open();
    } catch (RuntimeException e) {
      closeQuietly(fileStore);
      throw e;
    }
    try {
      MVMap<String, String> info = store.openMap("info");
      String kind = info.get("kind");
      String version = info.get("schemaVersion");
      if (kind == null && version == null) {
        info.put("kind", KIND);
        info.put("schemaVersion", Integer.toString(SCHEMA_VERSION));
      } else if (!KIND.equals(kind)) {
        throw new IllegalStateException("it is not a judgment cache (kind " + kind + ")");
      } else if (parseVersion(version) > SCHEMA_VERSION) {
        throw new NewerFormatException("a newer version wrote it (schema version " + version + "; this version reads " + SCHEMA_VERSION + ")");
      }
      MVMap<Long, String> judgments = store.openMap("judgments", new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE).valueType(StringDataType.INSTANCE));
      List<Loaded> live = new ArrayList<>();
      long nextSeq = load(file, judgments, reading, live);
      store.commit();
      store.setAutoCommitDelay(COMMIT_DELAY_MILLIS);
      health.opened = true;
      return new Opened(store, fileStore, health, judgments, live, nextSeq);
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw e;
    }
  }

  private static long parseVersion(@Nullable String version) {
    try {
      return version == null ? 1 : Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("its schema version is not a number: " + version, e);
    }
  }

  private static void closeQuietly(SingleFileStore fileStore) {
    try {
      fileStore.close();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Could not close {0}: {1}", fileStore, e);
    }
  }

  /** Renames an unreadable file so nothing is lost; returns whether the way is clear for a new one. */
  private static boolean setAside(Path file, @Nullable String reason) {
    for (int n = 0; n < 1_000; n++) {
      Path target = file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX + (n == 0 ? "" : "." + n));
      try {
        Files.move(file, target);
        LOG.log(Level.WARNING, "The judgment cache file {0} cannot be read ({1}); moved it to {2} and started an empty cache", file, reason, target);
        return true;
      } catch (FileAlreadyExistsException e) {
        // an earlier corrupt copy: keep it and try the next name
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private static void warnInMemory(Path file, String why) {
    LOG.log(Level.WARNING, "The judgment cache cannot use {0}: {1}. Judgments are cached in memory only and will not survive a restart.", file, why);
  }

  /** Reads every entry, deletes the dead ones and collects the live ones, oldest first; returns the next sequence number. */
  private static long load(Path file, MVMap<Long, String> judgments, Reading reading, List<Loaded> out) {
    Map<CacheKey, Loaded> live = new LinkedHashMap<>();
    List<Long> dead = new ArrayList<>();
    int unreadable = 0;
    String firstProblem = null;
    long last = 0;
    for (Map.Entry<Long, String> entry : judgments.entrySet()) {
      long seq = entry.getKey();
      last = Math.max(last, seq);
      Loaded loaded;
      try {
        loaded = parse(seq, entry.getValue());
      } catch (JsonProcessingException | RuntimeException e) {
        dead.add(seq);
        if (unreadable++ == 0) {
          firstProblem = "entry " + seq + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
        continue;
      }
      if (reading.nowMillis() - loaded.storedAtMillis() >= reading.ttlMillis()) {
        dead.add(seq);
        continue;
      }
      Loaded older = live.remove(loaded.key());
      if (older != null) {
        dead.add(older.seq());
      }
      live.put(loaded.key(), loaded);
    }
    var oldestFirst = live.values().iterator();
    for (long excess = live.size() - reading.maxEntries(); excess > 0; excess--) {
      dead.add(oldestFirst.next().seq());
      oldestFirst.remove();
    }
    for (long seq : dead) {
      judgments.remove(seq);
    }
    if (unreadable > 0) {
      LOG.log(Level.WARNING, "Dropped {0} unreadable judgments from the cache file {1} ({2})", unreadable, file, firstProblem);
    }
    LOG.log(Level.DEBUG, "Opened the judgment cache {0}: {1} judgments, {2} dropped", file, live.size(), dead.size());
    out.addAll(live.values());
    return last + 1;
  }

  private static Loaded parse(long seq, String json) throws JsonProcessingException {
    Map<String, @Nullable Object> map = MAPPER.readValue(json, OBJECT);
    if (!(map.get("key") instanceof String key) || !(map.get("storedAt") instanceof String storedAt)) {
      throw new IllegalArgumentException("it has no key or no storedAt");
    }
    Judgment judgment = DecisionJson.judgmentFromMap(map, "cache entry " + seq);
    if (judgment == null || judgment instanceof Judgment.Failed) {
      throw new IllegalArgumentException("it holds no scored or abstained judgment");
    }
    return new Loaded(seq, new CacheKey(key), judgment, Instant.parse(storedAt).toEpochMilli());
  }

  /** Returns a judgment as the file stores it. */
  static String entryJson(CacheKey key, Judgment judgment, long storedAtMillis) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    map.put("key", key.hex());
    map.put("storedAt", Instant.ofEpochMilli(storedAtMillis).toString());
    map.putAll(DecisionJson.judgmentToMap(judgment));
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain data failed to serialise", e);
    }
  }
}
