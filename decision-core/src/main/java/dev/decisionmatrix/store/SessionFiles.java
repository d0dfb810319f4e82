package dev.decisionmatrix.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One JSON file per session in a directory ({@code <id>.json}, the id in lower case), written
 * atomically: the new version goes to a temporary file in the same directory ({@code .<id>.json.
 * <random>.tmp}), is synced to disk and then renamed over the old one, so a reader or a crash sees
 * either the old or the new version, never a mix. Files are owner-only where the file system has
 * POSIX permissions.
 *
 * <p>Loading skips a file it cannot read or understand with a warning and renames it to {@code
 * <name>.corrupt} so nothing is lost; a file of a newer schema version is skipped and left in place
 * for the newer version that wrote it. Temporary files left by a crash are deleted.
 */
final class SessionFiles implements SessionPersistence {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  static final String SUFFIX = ".json";
  static final String TEMP_SUFFIX = ".tmp";
  static final String CORRUPT_SUFFIX = ".corrupt";

  /** A session of 200 x 100 cells with long reasoning stays well below this; anything larger is not ours. */
  private static final long MAX_FILE_BYTES = 256L << 20;

  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private final Path directory;
  private final boolean posix;
  private volatile boolean atomicMoveWarned;

  private SessionFiles(Path directory, boolean posix) {
    this.directory = directory;
    this.posix = posix;
  }

  static SessionFiles open(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    boolean posix = supportsPosix(dir.getFileSystem());
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
    return new SessionFiles(dir, posix);
  }

  private static boolean supportsPosix(FileSystem fileSystem) {
    return fileSystem.supportedFileAttributeViews().contains("posix");
  }

  Path directory() {
    return directory;
  }

  Path fileOf(String id) {
    Path file = directory.resolve(Session.key(Session.requireValidId(id)) + SUFFIX);
    if (!directory.equals(file.getParent())) {
      throw new IllegalStateException("session file " + file + " is outside " + directory);
    }
    return file;
  }

  @Override
  public List<Session> loadAll() {
    List<Session> sessions = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
          deleteStaleTemporary(file);
        } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Session session = load(file, name.substring(0, name.length() - SUFFIX.length()));
          if (session != null) {
            sessions.add(session);
          }
        }
      }
    } catch (IOException e) {
      throw new DecisionStoreException("Could not list the session directory " + directory + ": " + e, e);
    }
    LOG.log(Level.DEBUG, "Loaded {0} sessions from {1}", sessions.size(), directory);
    return sessions;
  }

  private @Nullable Session load(Path file, String stem) {
    try {
      if (!Session.isValidId(stem)) {
        setAside(file, "its name is not a session id");
        return null;
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        setAside(file, "it is " + size + " bytes, more than a session file can be");
        return null;
      }
      Map<String, Object> data = SessionJson.parse(Files.readString(file, StandardCharsets.UTF_8));
      long version = SessionJson.version(data);
      if (version > SessionJson.SCHEMA_VERSION) {
        LOG.log(Level.WARNING, "Skipping session file {0}: it has schema version {1} but this version of Decision Matrix reads "
            + "version {2}; leaving it in place for the newer version that wrote it", file, version, SessionJson.SCHEMA_VERSION);
        return null;
      }
      Session session = SessionJson.read(data);
      if (!Session.key(session.id()).equals(stem)) {
        setAside(file, "it holds session \"" + session.id() + "\", which belongs in " + Session.key(session.id()) + SUFFIX);
        return null;
      }
      return session;
    } catch (IOException | RuntimeException e) {
      setAside(file, e.toString());
      return null;
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

  private void deleteStaleTemporary(Path file) {
    try {
      Files.deleteIfExists(file);
      LOG.log(Level.INFO, "Deleted {0}, a temporary file left by an interrupted write", file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete the stale temporary file " + file, e);
    }
  }

  @Override
  public void write(Session session) {
    Path target = fileOf(session.id());
    byte[] bytes = SessionJson.write(session).getBytes(StandardCharsets.UTF_8);
    Path temporary = null;
    try {
      String prefix = "." + target.getFileName() + ".";
      temporary = posix
          ? Files.createTempFile(directory, prefix, TEMP_SUFFIX, ownerOnlyFile())
          : Files.createTempFile(directory, prefix, TEMP_SUFFIX);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      replace(temporary, target);
      temporary = null;
      syncDirectory();
    } catch (IOException e) {
      throw new DecisionStoreException("Could not write session \"" + session.id() + "\" to " + target + ": " + e
          + ". The previous version, if any, is intact.", e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "Could not delete the temporary file " + temporary, e);
        }
      }
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
    return PosixFilePermissions.asFileAttribute(OWNER_FILE);
  }

  private void replace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      if (!atomicMoveWarned) {
        atomicMoveWarned = true;
        LOG.log(Level.WARNING, "The file system of {0} cannot rename atomically; a crash while saving could lose a session", directory);
      }
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes a rename durable; only POSIX systems can open a directory for syncing, elsewhere this is best effort. */
  private void syncDirectory() {
    if (!posix) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not sync directory {0}: {1}", directory, e);
    }
  }

  @Override
  public void delete(String id) {
    Path file = fileOf(id);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DecisionStoreException("Could not delete session \"" + id + "\" (" + file + "): " + e, e);
    }
  }

  @Override
  public String toString() {
    return "SessionFiles[" + directory + "]";
  }
}
