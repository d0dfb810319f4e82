package dev.decisionmatrix.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.Progress;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.report.DecisionJson;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.SessionNotFoundException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.params.SetParams;

/**
 * An evaluation's judgments in a Redis list, {@code <prefix>journal:<session>:<uuid>}: the
 * decision first (as {@link DecisionJson}), then one cell per judgment. A writer thread pushes what
 * has accumulated in one command, so the evaluation never waits for Redis, and keeps an owner key
 * alive ({@code <prefix>journal-owner:<uuid>}, {@value #OWNER_MILLIS} ms) while the journal is open.
 * A journal whose owner key expired belongs to a dead instance: {@link #recover} folds it into its
 * session. If Redis fails the journal logs one warning and keeps nothing more.
 */
final class RedisJudgmentJournal implements JudgmentJournal {

  private static final Logger LOG = System.getLogger(JudgmentJournal.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final long OWNER_MILLIS = 15_000;
  private static final String STOP = "";

  private final RedisConnection redis;
  private final String entry;
  private final String listKey;
  private final String ownerKey;
  private final long ttlMillis;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean completed;
  private volatile boolean failed;

  RedisJudgmentJournal(RedisConnection redis, String member, Decision decision, long ttlMillis) {
    this.redis = redis;
    String uuid = UUID.randomUUID().toString();
    this.entry = member + ":" + uuid;
    this.listKey = redis.key("journal:" + entry);
    this.ownerKey = redis.key("journal-owner:" + uuid);
    this.ttlMillis = ttlMillis;
    queue.add(DecisionJson.write(Evaluation.empty(decision)));
    this.writer = Thread.ofPlatform().daemon().name("judgment-journal-redis").start(this::run);
  }

  @Override
  public void onCell(CellResult cell, Progress progress) {
    Judgment judgment = cell.judgment();
    boolean counts = judgment instanceof Judgment.Abstained || judgment instanceof Judgment.Scored s && !s.manual();
    if (!counts || closed.get() || failed) {
      return;
    }
    try {
      queue.add(JSON.writeValueAsString(DecisionJson.cell(cell.option(), cell.criterion(), judgment)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a judgment failed to serialise", e);
    }
  }

  private void run() {
    boolean registered = false;
    while (true) {
      List<String> batch = new ArrayList<>();
      try {
        String first = queue.poll(OWNER_MILLIS / 3, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      boolean stop = batch.remove(STOP);
      if (!failed) {
        try {
          redis.client().set(ownerKey, "1", SetParams.setParams().px(OWNER_MILLIS));
          if (!registered) {
            redis.client().sadd(redis.key("journals"), entry);
            registered = true;
          }
          if (!batch.isEmpty()) {
            redis.client().rpush(listKey, batch.toArray(String[]::new));
            redis.client().pexpire(listKey, ttlMillis);
          }
        } catch (JedisException e) {
          failed = true;
          if (warned.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "The judgment journal in " + redis + " cannot be written (" + e.getClass().getSimpleName()
                + "); the evaluation goes on, its judgments are kept only when it is merged");
          }
        }
      }
      if (stop) {
        return;
      }
    }
  }

  @Override
  public void complete() {
    completed = true;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (completed) {
        redis.client().del(listKey);
        redis.client().srem(redis.key("journals"), entry);
      }
      redis.client().del(ownerKey);
    } catch (JedisException e) {
      LOG.log(Level.DEBUG, "The judgment journal could not be tidied up: {0}", e.toString());
    }
  }

  /** Folds every journal whose owner is gone into its session; returns how many were folded. */
  static int recover(RedisConnection redis, DecisionStore store, Instant now) {
    int folded = 0;
    for (String entry : redis.client().smembers(redis.key("journals"))) {
      int colon = entry.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String member = entry.substring(0, colon);
      String uuid = entry.substring(colon + 1);
      if (redis.client().exists(redis.key("journal-owner:" + uuid))) {
        continue; // its evaluation is still running somewhere
      }
      String listKey = redis.key("journal:" + entry);
      List<String> lines = redis.client().lrange(listKey, 0, -1);
      try {
        Evaluation journaled = read(lines);
        if (journaled != null) {
          store.update(member, s -> s.merge(journaled));
          folded++;
        }
      } catch (SessionNotFoundException e) {
        LOG.log(Level.DEBUG, "The session of journal {0} is gone", entry);
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.log(Level.WARNING, "Dropping the unreadable judgment journal " + entry + " in Redis: " + e.getMessage());
      }
      redis.client().del(listKey);
      redis.client().srem(redis.key("journals"), entry);
    }
    if (folded > 0) {
      LOG.log(Level.INFO, "Folded " + folded + " judgment journal(s) left by a stopped instance into their sessions at " + now);
    }
    return folded;
  }

  private static @Nullable Evaluation read(List<String> lines) throws JsonProcessingException {
    if (lines.isEmpty()) {
      return null;
    }
    Evaluation evaluation = DecisionJson.read(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      Map<String, Object> cell = JSON.readValue(line, MAP);
      Judgment judgment = DecisionJson.judgmentFromMap(cell, "journal cell");
      String option = String.valueOf(cell.get("option"));
      String criterion = String.valueOf(cell.get("criterion"));
      if (judgment != null && evaluation.decision().optionIndex(option) >= 0 && evaluation.decision().criterionIndex(criterion) >= 0) {
        evaluation = evaluation.withJudgment(option, criterion, judgment);
      }
    }
    return evaluation;
  }
}
