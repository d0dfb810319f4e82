package dev.decisionmatrix.store;

import dev.decisionmatrix.model.Option;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The second process of {@link TwoProcessesTest}. Opens a file store on a directory and talks to the
 * test through standard input and output. Arguments: directory, session id, mode, then per mode:
 *
 * <ul>
 *   <li>{@code add <n> <prefix>}: says {@code ready}, waits for a line, then adds options {@code
 *       <prefix>0 .. <prefix>n-1} to the session, one update each, and says {@code done};
 *   <li>{@code hold <option>}: starts an update that adds the option, says {@code holding} while it
 *       holds the session's lock, waits for a line, finishes and says {@code done}.
 * </ul>
 */
final class SessionUpdaterProcess {

  private SessionUpdaterProcess() {}

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    String id = args[1];
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (DecisionStore store = DecisionStore.files(directory, StoreOptions.defaults())) {
      if (args[2].equals("add")) {
        say("ready");
        in.readLine();
        int updates = Integer.parseInt(args[3]);
        for (int i = 0; i < updates; i++) {
          String name = args[4] + i;
          store.update(id, s -> s.withDecision(s.decision().withOption(Option.of(name))));
        }
      } else {
        store.update(id, s -> {
          say("holding");
          try {
            in.readLine();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return s.withDecision(s.decision().withOption(Option.of(args[3])));
        });
      }
    }
    say("done");
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
