package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's named backend {@code "sampling"}, used by criteria that ask to be judged by the
 * host's model while the rest of the decision uses another judge. The engine's named backends are
 * fixed when it is built, but a sampling backend belongs to one client connection; so this router
 * sends each call to the connection whose evaluation asked that exact question (the first user
 * message of the judge prompt identifies the cell). Two evaluations asking the very same question
 * may share an answer, as the engine's cache would anyway. Thread-safe.
 */
public final class SamplingRouter implements LlmBackend {

  private final Map<String, List<LlmBackend>> routes = new ConcurrentHashMap<>();
  private final List<LlmBackend> active = new CopyOnWriteArrayList<>();

  /**
   * Routes the given questions to a backend until the returned handle is closed.
   *
   * @param firstMessages the first user message of every call the evaluation will make
   * @param target the connection's sampling backend
   * @return closing it removes the routes
   */
  public AutoCloseable route(Collection<String> firstMessages, LlmBackend target) {
    List<String> keys = List.copyOf(firstMessages);
    for (String key : keys) {
      routes.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(target);
    }
    active.add(target);
    return () -> {
      active.remove(target);
      for (String key : keys) {
        routes.computeIfPresent(key, (k, list) -> {
          list.remove(target);
          return list.isEmpty() ? null : list;
        });
      }
    };
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    List<LlmBackend> targets = routes.get(request.messages().getFirst().content());
    LlmBackend target = targets == null || targets.isEmpty() ? null : targets.getFirst();
    if (target == null && active.size() == 1) {
      target = active.getFirst();
    }
    if (target == null) {
      throw new LlmException(
          LlmErrorKind.BAD_REQUEST,
          "no MCP client connection is waiting for this sampling request; run evaluate_options from a client that supports sampling",
          null, 0, id(), request.model(), null);
    }
    return target.chat(request);
  }

  @Override
  public String id() {
    return SamplingBackend.ID;
  }

  @Override
  public String toString() {
    return "SamplingRouter[" + active.size() + " connections]";
  }
}
