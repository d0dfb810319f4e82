package dev.decisionmatrix.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The stdin the SDK's stdio transport reads: the real stdin, line by line, passed through a {@link
 * MessageGuard}. Lines that are not valid JSON-RPC, and lines longer than the limit, are dropped
 * with a warning on stderr and answered with a JSON-RPC error instead of ending the session; a cancellation is applied and consumed; a {@code tools/call} gets its request
 * key. An error reply is written to stdout under the same lock the
 * transport writes with, so lines never interleave.
 *
 * <p>Read by one thread (the transport's reader); {@code onEnd} runs once when stdin ends.
 */
final class StdioGuard extends InputStream {

  private final InputStream in;
  private final MessageGuard guard;
  private final OutputStream protocolOut;
  private final PrintStream err;
  private final int maxLineBytes;
  private final Runnable onEnd;
  private byte[] buffer = new byte[0];
  private int position;
  private boolean ended;

  /**
   * Creates the guard.
   *
   * @param in the real stdin
   * @param guard inspects each message
   * @param protocolOut the stream the transport writes messages to (also the lock it writes under)
   * @param err where warnings go
   * @param maxLineBytes the longest line accepted; longer ones are dropped
   * @param onEnd runs once when stdin ends
   */
  StdioGuard(InputStream in, MessageGuard guard, OutputStream protocolOut, PrintStream err, int maxLineBytes, Runnable onEnd) {
    this.in = Objects.requireNonNull(in, "in");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.protocolOut = Objects.requireNonNull(protocolOut, "protocolOut");
    this.err = Objects.requireNonNull(err, "err");
    this.maxLineBytes = maxLineBytes;
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.length - position);
    System.arraycopy(buffer, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return buffer.length - position;
  }

  /** Makes sure there are bytes to read; returns false at the end of stdin. */
  private boolean fill() throws IOException {
    while (position >= buffer.length) {
      if (ended) {
        return false;
      }
      Line line = readLine();
      if (line == null) {
        ended = true;
        onEnd.run();
        return false;
      }
      if (line.tooLong) {
        warn("dropped an input line longer than " + maxLineBytes + " bytes");
        reply(new ProtocolCheck.Fault(io.modelcontextprotocol.spec.McpSchema.ErrorCodes.INVALID_REQUEST,
            "Invalid request: the message is longer than " + maxLineBytes + " bytes; send smaller messages", null, true).reply());
        continue;
      }
      String text = new String(line.bytes, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        continue;
      }
      switch (guard.inspect("stdio", text, true)) {
        case MessageGuard.Forward f -> {
          buffer = (f.text() + "\n").getBytes(StandardCharsets.UTF_8);
          position = 0;
        }
        case MessageGuard.Consumed c -> {
          // A cancellation: applied by the guard, nothing for the SDK to do.
        }
        case MessageGuard.Drop d -> {
          warn("dropped an input line (" + d.reason() + "): " + abbreviate(text));
          if (d.reply() != null) {
            reply(d.reply());
          }
        }
      }
    }
    return true;
  }

  private void reply(String json) {
    byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (protocolOut) {
      try {
        protocolOut.write(bytes);
        protocolOut.flush();
      } catch (IOException e) {
        warn("could not send an error reply: " + e.getMessage());
      }
    }
  }

  private void warn(String message) {
    err.println("decision-mcp: warning: " + message);
    err.flush();
  }

  private static String abbreviate(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= 120 ? one : one.substring(0, 119) + "\u2026";
  }

  private record Line(byte[] bytes, boolean tooLong) {}

  /** Reads one line (without its terminator); null at the end of input with nothing read. */
  private Line readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    boolean tooLong = false;
    int c;
    boolean any = false;
    while ((c = in.read()) != -1) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (tooLong) {
        continue;
      }
      if (line.size() >= maxLineBytes) {
        tooLong = true;
        line.reset();
        continue;
      }
      line.write(c);
    }
    if (!any) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') {
      bytes = java.util.Arrays.copyOf(bytes, n - 1);
    }
    return new Line(bytes, tooLong);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
