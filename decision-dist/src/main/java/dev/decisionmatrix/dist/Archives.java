package dev.decisionmatrix.dist;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packs a folder into a .tar.gz or a .zip that keeps the files' POSIX permissions (the launcher
 * and the runtime's binaries stay executable after unpacking), with entries in a stable order and a
 * fixed timestamp so one commit gives the same archive. Deflate runs at its fastest level: the
 * build packs both archives on every CI run, and the levels above 1 save a few percent of the size
 * for several times the CPU.
 */
final class Archives {

  /** 2026-12-01T00:00:00Z, the build's fixed output timestamp, in milliseconds. */
  private static final long FIXED_TIME_MILLIS = 1_796_083_200_000L;

  private Archives() {}

  /**
   * Writes {@code folder} as {@code out} (.tar.gz), every entry under {@code prefix/}.
   *
   * @param folder the folder to pack
   * @param prefix the top-level folder name inside the archive
   * @param out the archive to write
   * @throws IOException if reading or writing fails
   */
  static void tarGz(Path folder, String prefix, Path out) throws IOException {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out));
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file, fastest());
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : walk(folder)) {
        String name = entryName(folder, prefix, p);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode(p));
        entry.setModTime(FIXED_TIME_MILLIS);
        if (!Files.isDirectory(p)) {
          entry.setSize(Files.size(p));
        }
        write(tar, entry, p);
      }
    }
  }

  /**
   * Writes {@code folder} as {@code out} (.zip) with entries at the archive's root, plus extra files.
   *
   * @param folder the folder to pack
   * @param prefix a folder name inside the archive for the folder's contents, or "" for the root
   * @param extra files written at the archive's root (name, content)
   * @param out the archive to write
   * @throws IOException if reading or writing fails
   */
  static void zip(Path folder, String prefix, List<Path> extra, Path out) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (Path p : extra) {
        ZipArchiveEntry entry = new ZipArchiveEntry(p.getFileName().toString());
        entry.setUnixMode(mode(p));
        entry.setTime(FIXED_TIME_MILLIS);
        write(zip, entry, p);
      }
      for (Path p : walk(folder)) {
        ZipArchiveEntry entry = new ZipArchiveEntry(entryName(folder, prefix, p));
        entry.setUnixMode(mode(p) | (Files.isDirectory(p) ? 0040000 : 0100000));
        if (p.getFileName().toString().endsWith(".jar")) {
          entry.setMethod(ZipEntry.STORED); // already compressed
        }
        entry.setTime(FIXED_TIME_MILLIS);
        write(zip, entry, p);
      }
    }
  }

  private static GzipParameters fastest() {
    GzipParameters parameters = new GzipParameters();
    parameters.setCompressionLevel(Deflater.BEST_SPEED);
    parameters.setModificationTime(FIXED_TIME_MILLIS);
    return parameters;
  }

  private static List<Path> walk(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(p -> !p.equals(folder)).sorted().toList();
    }
  }

  private static String entryName(Path folder, String prefix, Path p) {
    String relative = folder.relativize(p).toString().replace('\\', '/');
    String name = prefix.isEmpty() ? relative : prefix + "/" + relative;
    return Files.isDirectory(p) ? name + "/" : name;
  }

  private static <E extends ArchiveEntry> void write(ArchiveOutputStream<E> out, E entry, Path p) throws IOException {
    out.putArchiveEntry(entry);
    if (!Files.isDirectory(p)) {
      Files.copy(p, out);
    }
    out.closeArchiveEntry();
  }

  private static int mode(Path p) throws IOException {
    if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Windows: no permissions to keep; directories and executables by location.
      return Files.isDirectory(p) || p.getParent().getFileName().toString().equals("bin") ? 0755 : 0644;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    return Integer.parseInt(toOctal(PosixFilePermissions.toString(perms)), 8);
  }

  /** "rwxr-xr-x" to "755". */
  private static String toOctal(String rwx) {
    StringBuilder octal = new StringBuilder();
    for (int i = 0; i < 9; i += 3) {
      int digit = (rwx.charAt(i) == 'r' ? 4 : 0) + (rwx.charAt(i + 1) == 'w' ? 2 : 0) + (rwx.charAt(i + 2) == 'x' ? 1 : 0);
      octal.append(digit);
    }
    return octal.toString();
  }
}
