package dev.decisionmatrix.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real headless Chromium, driven over the DevTools protocol (a WebSocket on a loopback port the
 * browser picks), that loads one page and reports what a person would see: a screenshot, every
 * console message and uncaught exception, and every request the page made. The browser is the
 * Debian package {@code chromium} (installed by {@code .ci/run}), or the executable named by the
 * {@code CHROMIUM} environment variable; without one, {@link #start} fails and says how to get it.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** What loading a page showed. */
  record PageLoad(byte[] screenshot, List<String> consoleErrors, List<String> requests) {}

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private interface Listener {
    void on(String method, @Nullable String sessionId, JsonNode params);
  }

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser executable: {@code $CHROMIUM}, else the first of the usual names on the PATH. */
  static Path executable() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new AssertionError("CHROMIUM is set to " + path + ", which is not an executable file; point it at a Chromium or Chrome binary");
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new AssertionError("headless Chromium is needed to check the HTML report in a real browser, but none is on the PATH"
        + " (looked for chromium, chromium-browser, google-chrome); install the Debian package chromium"
        + " (`sudo apt-get install chromium`, which .ci/run does) or set CHROMIUM to the browser's path");
  }

  /**
   * Starts a browser with a fresh profile in the given directory.
   *
   * @param profile an empty directory for the browser's profile
   * @return the running browser
   */
  static HeadlessChromium start(Path profile) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(
            executable().toString(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--disable-breakpad", "--disable-crash-reporter", "--hide-scrollbars", "--mute-audio", "--window-size=1280,900",
            "--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "about:blank")
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread.ofPlatform().daemon().name("chromium-output").start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          output.add(line);
          int at = line.indexOf("ws://");
          if (line.startsWith("DevTools listening on") && at >= 0) {
            endpoint.complete(line.substring(at).strip());
          }
        }
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
      endpoint.completeExceptionally(new IOException("Chromium exited before it listened for DevTools; its output: " + output));
    });
    try {
      String ws = endpoint.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      HeadlessChromium[] self = new HeadlessChromium[1];
      CountDownLatch ready = new CountDownLatch(1);
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              message.append(data);
              if (last) {
                String text = message.toString();
                message.setLength(0);
                try {
                  ready.await();
                  self[0].dispatch(JSON.readTree(text));
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException("unreadable DevTools message: " + e.getMessage(), e);
                }
              }
              webSocket.request(1);
              return null;
            }
          })
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(process, socket);
      ready.countDown();
      return self[0];
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("could not connect to headless Chromium's DevTools: " + e.getMessage() + "; its output: " + output, e);
    }
  }

  private void dispatch(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        if (message.has("error")) {
          reply.completeExceptionally(new IllegalStateException("DevTools error: " + message.get("error")));
        } else {
          reply.complete(message.path("result"));
        }
      }
      return;
    }
    String method = message.path("method").asText();
    String sessionId = message.has("sessionId") ? message.get("sessionId").asText() : null;
    for (Listener l : listeners) {
      l.on(method, sessionId, message.path("params"));
    }
  }

  private JsonNode send(@Nullable String sessionId, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      command.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(command), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Opens a new tab, loads the page, waits for its load event and takes a full-page screenshot.
   *
   * @param page the page's address, e.g. a {@code file:} URI
   * @return what the load showed
   */
  PageLoad load(URI page) throws Exception {
    String targetId = send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    String session = send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)).path("sessionId").asText();
    List<String> errors = new CopyOnWriteArrayList<>();
    List<String> requests = new CopyOnWriteArrayList<>();
    CountDownLatch loaded = new CountDownLatch(1);
    listeners.add((method, sessionId, params) -> {
      if (!session.equals(sessionId)) {
        return;
      }
      switch (method) {
        case "Page.loadEventFired" -> loaded.countDown();
        case "Runtime.consoleAPICalled" -> {
          String type = params.path("type").asText();
          if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
            errors.add("console." + type + ": " + params.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("Uncaught: " + params.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          JsonNode entry = params.path("entry");
          String level = entry.path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            errors.add(entry.path("source").asText() + " " + level + ": " + entry.path("text").asText());
          }
        }
        case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
        default -> { }
      }
    });
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      send(session, domain + ".enable", Map.of());
    }
    send(session, "Page.navigate", Map.of("url", page.toString()));
    if (!loaded.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the page " + page + " did not finish loading within " + WAIT.toSeconds() + " s");
    }
    // A round trip after the load event: every event the page raised while loading is in by now.
    send(session, "Runtime.evaluate", Map.of("expression", "document.readyState"));
    String data = send(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true)).path("data").asText();
    List<String> fetched = new ArrayList<>(requests);
    return new PageLoad(Base64.getDecoder().decode(data), List.copyOf(errors), List.copyOf(fetched));
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The browser is killed next either way.
    }
    // Chromium runs helper processes (renderer, GPU, utility) that write to the profile directory
    // until they exit: end the whole tree and wait for every process, so the directory is quiet
    // when the caller deletes it.
    java.util.List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // gone or beyond reach: nothing more to do
      }
    }
  }
}
