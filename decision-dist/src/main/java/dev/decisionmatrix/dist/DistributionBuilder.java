package dev.decisionmatrix.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the self-contained distribution {@code decision-mcp-<version>-<os>-<arch>/}: a jlink
 * runtime of the JDK the build runs on, trimmed to the modules the server needs, the server jar, a
 * POSIX launcher {@code bin/decision-mcp}, and a warm-start cache from a training run; then packs it
 * as a .tar.gz and as an MCP bundle (.mcpb). Run by the decision-dist module's build:
 *
 * <pre>
 * DistributionBuilder --jar decision-mcp.jar --target target --version 0.1.0 --modules java.base,... [--warm-start | --no-warm-start]
 * </pre>
 */
public final class DistributionBuilder {

  /**
   * JVM flags of the launcher and of the training run (a cache is only used with the flags it was
   * trained with): JVM log output goes to stderr, because in stdio mode stdout carries only the
   * protocol; no perf-data file in /tmp.
   */
  static final List<String> JVM_FLAGS = List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:-UsePerfData");

  private DistributionBuilder() {}

  /**
   * Builds the distribution.
   *
   * @param args see the class comment
   * @throws Exception if a step fails; the message says which
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path jar = Path.of(required(options, "jar"));
    Path target = Path.of(required(options, "target"));
    String version = required(options, "version");
    List<String> modules = List.of(required(options, "modules").split(","));
    boolean warmStart = !options.containsKey("no-warm-start");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the server jar " + jar + " does not exist: build decision-mcp first (./mvnw -B package)");
    }

    String name = "decision-mcp-" + version + "-" + platform();
    Path dist = target.resolve(name);
    long start = System.nanoTime();
    deleteRecursively(dist);
    jlink(modules, dist.resolve("runtime"));
    long jlinked = System.nanoTime();
    Files.createDirectories(dist.resolve("lib"));
    Files.copy(jar, dist.resolve("lib/decision-mcp.jar"), StandardCopyOption.REPLACE_EXISTING);
    WarmStart cache = WarmStart.forFeature(Runtime.version().feature());
    writeLauncher(dist.resolve("bin/decision-mcp"), version, cache);
    long trained = System.nanoTime();
    if (warmStart) {
      Path cacheFile = dist.resolve("lib").resolve(cache.file());
      TrainingRun.run(dist.resolve("runtime/bin/java"), JVM_FLAGS, cache.outputOption() + "=" + cacheFile,
          dist.resolve("lib/decision-mcp.jar"), target.resolve("dist-training"));
      if (!Files.isRegularFile(cacheFile)) {
        throw new IOException("the training run ended but wrote no cache file " + cacheFile);
      }
      trained = System.nanoTime();
    }
    Path manifest = target.resolve("mcpb/manifest.json");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, McpbManifest.render(version));
    // Both archives at once: each is one deflate stream, so two cores halve the time.
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<?> tar = pool.submit(() -> {
        Archives.tarGz(dist, name, target.resolve(name + ".tar.gz"));
        return null;
      });
      Future<?> mcpb = pool.submit(() -> {
        Archives.zip(dist, "", List.of(manifest), target.resolve(name + ".mcpb"));
        return null;
      });
      tar.get();
      mcpb.get();
    }
    long end = System.nanoTime();
    // CPU time beside wall time: on a shared build machine the wall time says more about the neighbours.
    double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "decision-dist: %s in %.1f s wall, %.1f s CPU of this JVM (jlink %.1f s, warm-start training %s, archives %.1f s)%n",
        dist, (end - start) / 1e9, cpu, (jlinked - start) / 1e9,
        warmStart ? String.format(Locale.ROOT, "%.1f s", (trained - jlinked) / 1e9) : "skipped", (end - trained) / 1e9);
  }

  /** The warm-start mechanism of the build's JDK: an AOT cache from 25 on, an AppCDS archive before. */
  record WarmStart(String file, String outputOption, String useOption) {
    static WarmStart forFeature(int feature) {
      return feature >= 25
          ? new WarmStart("decision-mcp.aot", "-XX:AOTCacheOutput", "-XX:AOTCache")
          : new WarmStart("decision-mcp.jsa", "-XX:ArchiveClassesAtExit", "-XX:SharedArchiveFile");
    }
  }

  /** "linux-x64", "macos-aarch64", "windows-x64", from the build machine. */
  static String platform() {
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
    String osName = os.startsWith("mac") ? "macos" : os.startsWith("windows") ? "windows" : os.replaceAll("[^a-z0-9]", "");
    String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
    String archName = switch (arch) {
      case "amd64", "x86_64" -> "x64";
      case "arm64" -> "aarch64";
      default -> arch.replaceAll("[^a-z0-9]", "");
    };
    return osName + "-" + archName;
  }

  private static void jlink(List<String> modules, Path output) throws IOException {
    ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IOException(
        "jlink is not in this Java runtime (" + System.getProperty("java.home") + "): build with a full JDK 21+, not a JRE"));
    // zip-1: the archives deflate the image again anyway; higher levels cost the build seconds.
    List<String> args = List.of("--add-modules", String.join(",", modules), "--strip-debug", "--no-man-pages", "--no-header-files",
        "--compress", "zip-1", "--output", output.toString());
    StringWriter out = new StringWriter();
    int code = jlink.run(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
    if (code != 0) {
      throw new IOException("jlink " + String.join(" ", args) + " failed with " + code + ": " + out);
    }
  }

  private static void writeLauncher(Path launcher, String version, WarmStart cache) throws IOException {
    String template;
    try (InputStream in = DistributionBuilder.class.getResourceAsStream("decision-mcp.sh")) {
      if (in == null) {
        throw new IOException("the launcher template decision-mcp.sh is missing from the build's class path");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String script = template.replace("@VERSION@", version)
        .replace("@CACHE_FILE@", cache.file())
        .replace("@CACHE_OPTION@", cache.useOption())
        .replace("@JVM_FLAGS@", String.join(" ", JVM_FLAGS));
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, script);
    if (launcher.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.removeFirst();
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + ": options are --jar, --target, --version, --modules, --warm-start, --no-warm-start");
      }
      if (arg.equals("--no-warm-start")) {
        options.put("no-warm-start", "true");
      } else if (arg.equals("--warm-start")) {
        options.remove("no-warm-start");
      } else if (rest.isEmpty()) {
        throw new IllegalArgumentException(arg + " needs a value");
      } else {
        options.put(arg.substring(2), rest.removeFirst());
      }
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is missing");
    }
    return value;
  }
}
