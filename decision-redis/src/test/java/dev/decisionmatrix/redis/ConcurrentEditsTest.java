package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionChange;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.SessionSettings;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.RedisProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two store instances on one Redis key take 200 seeded random edits from eight writers at once.
 * The revisions each edit got say in which order Redis applied them; replaying the edits in that
 * order on a model of the session must give exactly the stored session, so no edit was lost or
 * applied twice, and the instances' conflict retries are what made that so.
 */
class ConcurrentEditsTest {

  private static final long SEED = 20261203L;
  private static final int EDITS = 200;
  private static final int WRITERS = 8;
  private static final List<String> FIXED = List.of("Lisbon", "Porto", "Braga");
  private static final List<String> CRITERIA = List.of("Cost", "Access", "Weather");

  private final RedisProcess redis = RedisProcess.start();
  private final RedisConnection a = RedisConnection.open(redis.url(), "edits:");
  private final RedisConnection b = RedisConnection.open(redis.url(), "edits:");

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    redis.close();
  }

  /** One edit, with what the model needs to replay it. */
  private record Edit(String kind, String name, String criterion, double value) {
    SessionCommand command() {
      return switch (kind) {
        case "add" -> new SessionCommand.AddOption(Option.of(name));
        case "remove" -> new SessionCommand.RemoveOption(name);
        case "weight" -> new SessionCommand.SetWeight(criterion, value);
        case "score" -> SessionCommand.setScore(name, criterion, Judgment.Scored.manual(value, "set by hand"));
        default -> throw new IllegalStateException(kind);
      };
    }
  }

  /** The model: option names in order, criterion weights, hand-set scores. */
  private static final class Model {
    final List<String> options = new ArrayList<>(FIXED);
    final Map<String, Double> weights = new LinkedHashMap<>();
    final Map<String, Double> scores = new HashMap<>();

    Model() {
      CRITERIA.forEach(c -> weights.put(c, 1.0));
    }

    void apply(Edit edit) {
      switch (edit.kind()) {
        case "add" -> options.add(edit.name());
        case "remove" -> options.remove(edit.name());
        case "weight" -> weights.put(edit.criterion(), edit.value());
        case "score" -> scores.put(edit.name() + "|" + edit.criterion(), edit.value());
        default -> throw new IllegalStateException(edit.kind());
      }
    }
  }

  /** Each writer's edits: it adds options of its own and removes only those, so every edit fits. */
  private static List<List<Edit>> plan(Random random) {
    List<List<Edit>> plans = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      List<Edit> edits = new ArrayList<>();
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < EDITS / WRITERS; i++) {
        int roll = random.nextInt(4);
        String criterion = CRITERIA.get(random.nextInt(CRITERIA.size()));
        if (roll == 0 || roll == 1 && mine.isEmpty()) {
          String name = "W" + w + "-" + i;
          mine.add(name);
          edits.add(new Edit("add", name, criterion, 0));
        } else if (roll == 1) {
          edits.add(new Edit("remove", mine.remove(random.nextInt(mine.size())), criterion, 0));
        } else if (roll == 2) {
          edits.add(new Edit("weight", "", criterion, 1 + random.nextInt(9)));
        } else {
          edits.add(new Edit("score", FIXED.get(random.nextInt(FIXED.size())), criterion, 1 + random.nextInt(10)));
        }
      }
      plans.add(edits);
    }
    return plans;
  }

  @Test
  void twoHundredInterleavedEditsFromTwoInstancesLoseNothing() throws InterruptedException {
    DecisionStore first = a.store(StoreOptions.defaults());
    DecisionStore second = b.store(StoreOptions.defaults());
    Instant now = Instant.now();
    Decision decision = Decision.of("Where to open the next office",
        FIXED.stream().map(Option::of).toList(), CRITERIA.stream().map(Criterion::of).toList());
    Session start = first.save(new Session("office", decision, Evaluation.empty(decision), SessionSettings.DEFAULTS, now, now));
    List<List<Edit>> plans = plan(new Random(SEED));

    record Applied(long revision, Edit edit) {}
    ConcurrentLinkedQueue<Applied> applied = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = IntStream.range(0, WRITERS).mapToObj(w -> Thread.ofPlatform().start(() -> {
      DecisionStore store = w % 2 == 0 ? first : second;
      try {
        go.await();
        for (Edit edit : plans.get(w)) {
          SessionChange change = store.apply("office", edit.command());
          applied.add(new Applied(change.after().revision(), edit));
        }
      } catch (Throwable t) {
        errors.add(t);
      }
    })).toList();
    go.countDown();
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(errors).isEmpty();
    List<Applied> inOrder = applied.stream().sorted(Comparator.comparingLong(Applied::revision)).toList();
    assertThat(inOrder).extracting(Applied::revision)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, EDITS).mapToObj(i -> start.revision() + i).toList());
    Model model = new Model();
    inOrder.forEach(x -> model.apply(x.edit()));
    Session stored = second.get("office").orElseThrow();
    assertThat(stored.revision()).isEqualTo(start.revision() + EDITS);
    assertThat(stored.decision().options()).extracting(Option::name).containsExactlyElementsOf(model.options);
    for (String criterion : CRITERIA) {
      assertThat(stored.decision().criteria()).filteredOn(c -> c.name().equals(criterion))
          .singleElement().extracting(Criterion::weight).isEqualTo(model.weights.get(criterion));
      for (String option : FIXED) {
        Judgment cell = stored.evaluation().judgment(option, criterion);
        Double expected = model.scores.get(option + "|" + criterion);
        if (expected == null) {
          assertThat(cell).isNull();
        } else {
          assertThat(cell).isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.score()).isEqualTo(expected));
        }
      }
    }
    long retries = ((RedisDecisionStore) first).retries() + ((RedisDecisionStore) second).retries();
    System.out.println("conflict retries for " + EDITS + " edits from two instances: " + retries);
    assertThat(retries).as("the two instances raced for the key at least once").isPositive();
  }
}
