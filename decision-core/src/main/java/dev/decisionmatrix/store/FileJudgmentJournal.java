package dev.decisionmatrix.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.Progress;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.report.DecisionJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serial;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The file store's {@link JudgmentJournal}: {@code <key>~<random>.journal} in the session
 * directory, a header line with the decision, then one JSON line per judgment, appended by a
 * writer thread that writes and fsyncs whatever has accumulated at once. The writer holds an
 * exclusive lock on the file for the journal's life, so a store that finds a journal it can lock
 * knows its writer is gone. The format is documented in {@code REPORTS.md}.
 */
final class FileJudgmentJournal implements JudgmentJournal {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  static final String SUFFIX = ".journal";
  static final char SEPARATOR = '~';
  static final String KIND = "decision-matrix-journal";
  static final int SCHEMA_VERSION = 1;

  private static final byte[] END = new byte[0];

  private final Path file;
  private final String sessionId;
  private final FileChannel channel;
  private final FileLock lock;
  private final LinkedBlockingQueue<byte[]> pending = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean completed;
  private boolean closed;
  private boolean failed;

  private FileJudgmentJournal(Path file, String sessionId, FileChannel channel, FileLock lock) {
    this.file = file;
    this.sessionId = sessionId;
    this.channel = channel;
    this.lock = lock;
    this.writer = Thread.ofVirtual().name("journal-" + sessionId).start(this::writeLoop);
  }

  /** Creates a journal with its header written and synced. */
  static FileJudgmentJournal create(Path directory, boolean posix, AtomicFileWriter dirSync, String sessionId, Decision decision) {
    Path file = directory.resolve(Session.key(sessionId) + SEPARATOR + UUID.randomUUID() + SUFFIX);
    FileChannel channel = null;
    try {
      channel = posix
          ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("kind", KIND);
      header.put("schemaVersion", SCHEMA_VERSION);
      header.put("session", sessionId);
      Map<String, Object> shape = DecisionJson.toMap(Evaluation.empty(decision));
      header.put("topic", shape.get("topic"));
      header.put("criteria", shape.get("criteria"));
      header.put("options", shape.get("options"));
      writeFully(channel, ByteBuffer.wrap((SessionJson.line(header) + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      dirSync.syncDirectory();
      return new FileJudgmentJournal(file, sessionId, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // nothing was journaled; the next open sets an empty journal aside anyway
      }
      throw new DecisionStoreException("Could not create a judgment journal for session \"" + sessionId + "\" in " + directory + ": " + e
          + ". Check that the data directory is writable and has space.", e);
    }
  }

  @Override
  public void onCell(CellResult cell, Progress progress) {
    Judgment judgment = cell.judgment();
    if (judgment.isFailed() || judgment.isManual()) {
      return;
    }
    String line = SessionJson.line(DecisionJson.cell(cell.option(), cell.criterion(), judgment)) + "\n";
    pending.add(line.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void complete() {
    completed = true;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.add(END);
    boolean interrupted = false;
    while (true) {
      try {
        writer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      if (completed) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete the judgment journal {0}: {1}. It is folded into its session (changing nothing) when the store opens next.", file, e);
    } finally {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes and syncs everything that accumulated while the previous group was written. */
  private void writeLoop() {
    List<byte[]> group = new ArrayList<>();
    while (true) {
      try {
        group.add(pending.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the loop, after the last group
      }
      pending.drainTo(group);
      boolean end = false;
      int bytes = 0;
      for (byte[] line : group) {
        end |= line == END;
        bytes += line.length;
      }
      if (bytes > 0 && !failed) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        group.forEach(buffer::put);
        buffer.flip();
        try {
          writeFully(channel, buffer);
          channel.force(false);
        } catch (IOException e) {
          failed = true;
          LOG.log(Level.WARNING, "Could not write the judgment journal {0} of session {1}: {2}. The evaluation goes on; its judgments"
              + " reach the session when it ends, but a crash before then would lose them.", file, sessionId, e);
        }
      }
      group.clear();
      if (end) {
        return;
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  /** A journal found in the directory: its session's key and its file. */
  record Found(String key, Path file) {}

  /** Tells whether a file name is a journal's, and returns its session key, or {@code null}. */
  static @Nullable String keyOf(String fileName) {
    if (!fileName.endsWith(SUFFIX)) {
      return null;
    }
    int at = fileName.indexOf(SEPARATOR);
    if (at <= 0) {
      return null;
    }
    String key = fileName.substring(0, at);
    return Session.isValidId(key) && Session.key(key).equals(key) ? key : null;
  }

  /**
   * Reads a journal whose writer is gone, holding its lock while {@code fold} runs; returns
   * {@code false} without calling it if a live writer holds the lock.
   */
  static boolean foldIfOrphaned(Path file, Folder fold) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // this JVM writes it
      }
      if (lock == null) {
        return false; // another process writes it
      }
      try {
        Evaluation evaluation;
        try {
          evaluation = read(file, channel);
        } catch (RuntimeException | JsonProcessingException | CharacterCodingException e) {
          throw new Unreadable(e.getMessage(), e);
        }
        fold.fold(evaluation);
        Files.deleteIfExists(file);
        return true;
      } finally {
        lock.release();
      }
    }
  }

  /** A journal that cannot be parsed; it is set aside. */
  static final class Unreadable extends IOException {
    @Serial private static final long serialVersionUID = 1L;

    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Receives a recovered evaluation; throws to keep the journal for another try. */
  @FunctionalInterface
  interface Folder {
    void fold(Evaluation evaluation);
  }

  /**
   * Parses a journal: the header's decision and every complete judgment line, the last one for a
   * cell winning; a torn last line (the writer died mid-write) is ignored.
   *
   * @throws IllegalArgumentException if the header cannot be read
   */
  private static Evaluation read(Path file, FileChannel channel) throws IOException {
    BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
    String headerLine = reader.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException("the journal is empty (its writer died before the header was synced)");
    }
    Map<String, @Nullable Object> header = SessionJson.parse(headerLine);
    if (!KIND.equals(header.get("kind"))) {
      throw new IllegalArgumentException("the first line is not a journal header (kind must be \"" + KIND + "\")");
    }
    if (!(header.get("schemaVersion") instanceof Integer v) || v > SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion " + header.get("schemaVersion") + " is not one this version reads");
    }
    Map<String, Object> cells = new LinkedHashMap<>();
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      try {
        Map<String, @Nullable Object> cell = SessionJson.parse(line);
        cells.put(String.valueOf(cell.get("option")).toLowerCase(Locale.ROOT) + '\u0000'
            + String.valueOf(cell.get("criterion")).toLowerCase(Locale.ROOT), cell);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "Ignoring line {0} of journal {1}: {2}", number, file, e.getMessage());
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("topic", header.get("topic"));
    data.put("criteria", header.get("criteria"));
    data.put("options", header.get("options"));
    data.put("cells", new ArrayList<>(cells.values()));
    return DecisionJson.fromMap(data);
  }
}
