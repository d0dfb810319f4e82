package dev.decisionmatrix.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import dev.decisionmatrix.model.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One JSON file per session in a directory ({@code <id>.json}, the id in lower case), written
 * atomically by an {@link AtomicFileWriter} (temporary file, fsync, rename), so a reader or a crash
 * sees either the old or the new version, never a mix. Files are owner-only where the file system
 * has POSIX permissions.
 *
 * <p>Several stores, in this and other processes, may share the directory. Writers hold the
 * session's lock from {@link SessionLocks} (a byte range of the directory's {@code .lock} file).
 * Every version a store reads or writes carries a {@link Stamp}: the session's generation from the
 * lock file plus the file's modification time, size and file key. A store re-reads a file only when
 * its stamp differs from the one it knows, so an unchanged session costs one {@code stat}.
 *
 * <p>A file that cannot be read or understood is logged and renamed to {@code <name>.corrupt} so
 * nothing is lost, always under the session's lock and only if it is still the same file (another
 * writer may just have replaced it). A file of a newer schema version is skipped and left in place
 * for the newer version that wrote it. Temporary files are deleted once they are a minute old: a
 * younger one may belong to a writer in another process.
 */
@SuppressWarnings("try") // a lock held by try-with-resources is not referenced in the block
final class SessionFiles implements SessionPersistence {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  static final String SUFFIX = ".json";
  static final String TEMP_SUFFIX = AtomicFileWriter.TEMP_SUFFIX;
  static final String CORRUPT_SUFFIX = ".corrupt";

  /** A writer finishes a temporary file within milliseconds; one this old was left by a crash. */
  static final Duration STALE_TEMPORARY_AGE = Duration.ofMinutes(1);

  /** A session of 200 x 100 cells with long reasoning stays well below this; anything larger is not ours. */
  private static final long MAX_FILE_BYTES = 256L << 20;

  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  /**
   * Identifies a stored version: equal stamps mean the same version. The generation catches every
   * write by a cooperating store even within one tick of the file clock; the file's attributes catch
   * changes made by hand.
   */
  record Stamp(long generation, FileTime modified, long size, @Nullable Object fileKey) {}

  /** A listing of the directory: how many session files it found, and the insertions counted before it began. */
  private record Listing(int sessions, long insertions) {}

  /** What reading a file found: a session, nothing (gone or unreadable), or a file replaced meanwhile. */
  private record Read(@Nullable Stored stored, boolean again, boolean setAside) {
    static final Read NOTHING = new Read(null, false, false);
    static final Read AGAIN = new Read(null, true, false);
    static final Read SET_ASIDE = new Read(null, false, true);
  }

  private final Path directory;
  private final boolean posix;
  private final AtomicFileWriter writer;
  private final SessionLocks locks;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Files of a newer schema version, by key, so an unchanged one is not read and logged again. */
  private final Map<String, Stamp> newerSchema = new ConcurrentHashMap<>();
  private volatile Listing lastListing = new Listing(Integer.MAX_VALUE, 0);

  private SessionFiles(Path directory, boolean posix, SessionLocks locks) {
    this.directory = directory;
    this.posix = posix;
    this.writer = new AtomicFileWriter(directory, posix);
    this.locks = locks;
  }

  static SessionFiles open(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
          Files.createDirectories(dir);
        }
      }
    } catch (IOException e) {
      throw new DecisionStoreException("Could not create the session directory " + dir + ": " + e
          + ". Point the store (DECISION_MATRIX_DATA_DIR for the server) at a writable directory.", e);
    }
    return new SessionFiles(dir, posix, SessionLocks.forDirectory(dir, posix));
  }

  private Path fileOf(String id) {
    Path file = directory.resolve(Session.key(Session.requireValidId(id)) + SUFFIX);
    if (!directory.equals(file.getParent())) {
      throw new IllegalStateException("session file " + file + " is outside " + directory);
    }
    return file;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Set<String> keys() {
    requireOpen();
    long insertions = locks.insertions();
    Set<String> keys = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
          deleteIfStale(file);
        } else if (name.endsWith(SUFFIX)) {
          String stem = name.substring(0, name.length() - SUFFIX.length());
          if (Session.isValidId(stem) && Session.key(stem).equals(stem)) {
            keys.add(stem);
          } else {
            setAsideMisnamed(file, stem);
          }
        }
      }
    } catch (IOException e) {
      throw new DecisionStoreException("Could not list the session directory " + directory + ": " + e, e);
    }
    lastListing = new Listing(keys.size(), insertions);
    return keys;
  }

  /**
   * The last listing's count plus every insertion since, by any cooperating store: deletions since
   * are not subtracted, so this may be more than there are, but (files copied in by hand aside)
   * never less.
   */
  @Override
  public int storedAtMost() {
    Listing listing = lastListing;
    return (int) Math.min(Integer.MAX_VALUE, listing.sessions() + locks.insertions() - listing.insertions());
  }

  private void deleteIfStale(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
      if (modified.toInstant().isAfter(Instant.now().minus(STALE_TEMPORARY_AGE))) {
        return;
      }
      Files.deleteIfExists(file);
      LOG.log(Level.INFO, "Deleted {0}, a temporary file left by an interrupted write", file);
    } catch (NoSuchFileException e) {
      // its writer renamed or removed it
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete the stale temporary file " + file, e);
    }
  }

  /** A {@code .json} file whose name no session has; on a case-insensitive file system "A.json" may be a's file. */
  private void setAsideMisnamed(Path file, String stem) {
    String lockKey = Session.isValidId(stem) ? Session.key(stem) : stem;
    try (SessionLocks.Held held = lock(lockKey)) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !file.toRealPath(LinkOption.NOFOLLOW_LINKS).getFileName().toString().equals(file.getFileName().toString())) {
        return;
      }
      setAside(file, "its name is not a session id in lower case");
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not look at {0}: {1}", file, e);
    }
  }

  @Override
  public @Nullable Stored refresh(String key, @Nullable Stored known) {
    requireOpen();
    Path file = fileOf(key);
    for (int attempt = 0; ; attempt++) {
      Stamp stamp = stamp(key, file);
      if (stamp == null) {
        return null;
      }
      if (known != null && stamp.equals(known.stamp())) {
        return known;
      }
      if (stamp.equals(newerSchema.get(key))) {
        return null;
      }
      Read read = read(key, file, stamp);
      if (read.setAside() && known != null) {
        return restore(key, file, known);
      }
      if (!read.again()) {
        return read.stored();
      }
      if (attempt == 2) {
        return null;
      }
    }
  }

  /** Returns the stamp of the file as it is now, or {@code null} if there is no session file. */
  private @Nullable Stamp stamp(String key, Path file) {
    // The generation first: a version read after it is at least as new as the stamp says.
    long generation = locks.generation(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return new Stamp(generation, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new DecisionStoreException("Could not look at the session file " + file + ": " + e, e);
    }
  }

  /** Reads a file whose stamp was just taken. */
  private Read read(String key, Path file, Stamp stamp) {
    if (stamp.size() > MAX_FILE_BYTES) {
      return setAsideIfUnchanged(key, file, stamp, "it is " + stamp.size() + " bytes, more than a session file can be");
    }
    try {
      Map<String, @Nullable Object> data = SessionJson.parse(Files.readString(file, StandardCharsets.UTF_8));
      long version = SessionJson.version(data);
      if (version > SessionJson.SCHEMA_VERSION) {
        if (newerSchema.put(key, stamp) == null) {
          LOG.log(Level.WARNING, "Skipping session file {0}: it has schema version {1} but this version of Decision Matrix reads "
              + "version {2}; leaving it in place for the newer version that wrote it", file, version, SessionJson.SCHEMA_VERSION);
        }
        return Read.NOTHING;
      }
      Session session = SessionJson.read(data);
      if (!Session.key(session.id()).equals(key)) {
        return setAsideIfUnchanged(key, file, stamp,
            "it holds session \"" + session.id() + "\", which belongs in " + Session.key(session.id()) + SUFFIX);
      }
      newerSchema.remove(key);
      return new Read(new Stored(session, stamp), false, false);
    } catch (NoSuchFileException e) {
      return Read.AGAIN;
    } catch (IOException | RuntimeException e) {
      return setAsideIfUnchanged(key, file, stamp, e.toString());
    }
  }

  /**
   * Sets an unreadable file aside under the session's lock, unless it changed since it was read: a
   * writer may have replaced it in the meantime, and its version must not be moved away.
   */
  private Read setAsideIfUnchanged(String key, Path file, Stamp seen, String reason) {
    try (SessionLocks.Held held = lock(key)) {
      if (!seen.equals(stamp(key, file))) {
        return Read.AGAIN;
      }
      setAside(file, reason);
      return Read.SET_ASIDE;
    }
  }

  /**
   * The session's file was replaced by something unreadable (and set aside) while this store held a
   * valid copy: the copy is written back, so a session never vanishes because its file was broken
   * on disk, unless another writer put a readable version there meanwhile, which then wins.
   */
  private @Nullable Stored restore(String key, Path file, Stored known) {
    try (SessionLocks.Held held = lock(key)) {
      Stamp now = stamp(key, file);
      if (now != null) {
        Read read = read(key, file, now);
        return read.stored();
      }
      Stored restored = write(known.session());
      LOG.log(Level.WARNING, "Session file {0} was changed on disk into something unreadable; wrote back the valid copy this"
          + " server held (revision {1})", file, known.session().revision());
      return restored;
    }
  }

  private void setAside(Path file, String reason) {
    for (int n = 0; n < 1_000; n++) {
      Path target = file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX + (n == 0 ? "" : "." + n));
      try {
        Files.move(file, target);
        LOG.log(Level.WARNING, "Skipping unreadable session file {0}: {1}. Moved it to {2} so nothing is lost.", file, reason, target);
        return;
      } catch (FileAlreadyExistsException e) {
        // an earlier corrupt copy: keep it and try the next name
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Skipping unreadable session file {0}: {1}. Could not move it aside: {2}", file, reason, e);
        return;
      }
    }
    LOG.log(Level.WARNING, "Skipping unreadable session file {0}: {1}. Left in place: too many corrupt copies.", file, reason);
  }

  @Override
  public Stored write(Session session) {
    String key = Session.key(session.id());
    Path target = fileOf(session.id());
    byte[] bytes = SessionJson.write(session).getBytes(StandardCharsets.UTF_8);
    // Before and after: a reader that saw the generation before the rename re-reads either way.
    locks.advance(key);
    try {
      writer.write(target, bytes);
    } catch (IOException e) {
      throw new DecisionStoreException("Could not write session \"" + session.id() + "\" to " + target + ": " + e
          + ". The previous version, if any, is intact.", e);
    }
    locks.advance(key);
    newerSchema.remove(key);
    Stamp stamp;
    try {
      stamp = stamp(key, target);
    } catch (DecisionStoreException e) {
      stamp = null; // written but not looked at: the next read simply reads it again
    }
    return new Stored(session, stamp);
  }

  @Override
  public Stored insert(Session session) {
    Stored stored = write(session);
    // After the write: a listing that misses the new file began before this count.
    locks.countInsertion();
    return stored;
  }

  @Override
  public void delete(String id) {
    String key = Session.key(id);
    Path file = fileOf(id);
    locks.advance(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DecisionStoreException("Could not delete session \"" + id + "\" (" + file + "): " + e, e);
    } finally {
      locks.advance(key);
    }
    newerSchema.remove(key);
  }

  @Override
  public JudgmentJournal journal(String id, Decision decision) {
    requireOpen();
    return FileJudgmentJournal.create(directory, posix, writer, Session.requireValidId(id), decision);
  }

  @Override
  public List<FileJudgmentJournal.Found> journals() {
    requireOpen();
    List<FileJudgmentJournal.Found> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + FileJudgmentJournal.SUFFIX)) {
      for (Path file : files) {
        String key = FileJudgmentJournal.keyOf(file.getFileName().toString());
        if (key != null) {
          found.add(new FileJudgmentJournal.Found(key, file));
        }
      }
    } catch (IOException e) {
      throw new DecisionStoreException("Could not list the session directory " + directory + ": " + e, e);
    }
    return found;
  }

  @Override
  public boolean fold(FileJudgmentJournal.Found journal, FileJudgmentJournal.Folder folder) {
    try {
      return FileJudgmentJournal.foldIfOrphaned(journal.file(), folder);
    } catch (java.nio.file.NoSuchFileException e) {
      return false; // folded by another store meanwhile
    } catch (FileJudgmentJournal.Unreadable e) {
      setAside(journal.file(), "unreadable judgment journal: " + e.getMessage());
      return false;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not fold the judgment journal {0} into its session: {1}. It is kept and tried again when a store opens the directory.", journal.file(), e);
      return false;
    }
  }

  @Override
  public SessionLocks.Held lock(String key) {
    requireOpen();
    return locks.lock(key);
  }

  @Override
  public SessionLocks.Held lockAll() {
    requireOpen();
    return locks.lockAll();
  }

  @Override
  public SessionLocks.@Nullable Held tryLockAll() {
    requireOpen();
    return locks.tryLockAll();
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new DecisionStoreException("The session store of " + directory + " is closed; open a new one with DecisionStore.files");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      locks.close();
    }
  }

  @Override
  public String toString() {
    return "SessionFiles[" + directory + "]";
  }
}
