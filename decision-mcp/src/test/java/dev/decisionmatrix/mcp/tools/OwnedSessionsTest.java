package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A caller's view of the store: its own sessions only, another's treated as absent in every method. */
class OwnedSessionsTest {

  private static final Duration TTL = Duration.ofDays(30);
  private static final Decision DECISION = Decision.of("Which database?", List.of(Option.of("PostgreSQL"), Option.of("MySQL")),
      List.of(Criterion.builder("Cost").build()));

  private final DecisionStore store = DecisionStore.inMemory();
  private final DecisionStore alice = new OwnedSessions(store, Caller.named("alice"), TTL);
  private final DecisionStore bob = new OwnedSessions(store, Caller.named("bob"), TTL);
  private final DecisionStore local = new OwnedSessions(store, Caller.LOCAL, TTL);

  private Session create(DecisionStore view, String owner) {
    return view.save(Session.create(DECISION, null, Instant.now(), owner));
  }

  @Test
  void anotherCallersSessionIsAbsentFromEveryReadAndEveryChange() {
    Session alices = create(alice, "alice");

    assertThat(bob.get(alices.id())).isEmpty();
    assertThat(bob.list()).isEmpty();
    assertThat(bob.mostRecent()).isEmpty();
    assertThat(bob.delete(alices.id())).isFalse();
    assertThat(bob.clear()).isZero();
    assertThatThrownBy(() -> bob.update(alices.id(), s -> s.withDecision(s.decision().withTopic("mine now"))))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessage(new SessionNotFoundException(alices.id(), TTL).getMessage());
    assertThatThrownBy(() -> bob.journal(alices.id(), DECISION)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.get(alices.id())).contains(alices);
    assertThat(alice.get(alices.id())).contains(alices);
  }

  @Test
  void aSessionSavedThroughAViewBelongsToItsCallerAndCannotTakeAnothersId() {
    Session unowned = Session.create(DECISION, null, Instant.now());
    Session saved = bob.save(unowned);
    assertThat(saved.owner()).isEqualTo("bob");

    Session alices = create(alice, "alice");
    Session sameId = new Session(alices.id(), DECISION, alices.evaluation(), null, alices.createdAt(), alices.lastUsedAt(), 0, "bob");
    assertThatThrownBy(() -> bob.save(sameId)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is taken");
    assertThat(store.get(alices.id())).contains(alices);
  }

  @Test
  void theLocalUserSeesOnlySessionsWithoutAnOwner() {
    Session mine = create(local, null);
    create(alice, "alice");

    assertThat(local.list()).containsExactly(mine);
    assertThat(alice.list()).extracting(Session::owner).containsExactly("alice");
  }

  /** Seeded random operations by three callers: every view always equals the store filtered by owner. */
  @Test
  void randomOperationsOfThreeCallersNeverLeakOrTouchAnothersSession() {
    Random random = new Random(20261204L);
    List<DecisionStore> views = List.of(alice, bob, local);
    List<String> owners = java.util.Arrays.asList("alice", "bob", null);
    for (int step = 0; step < 2_000; step++) {
      int who = random.nextInt(3);
      DecisionStore view = views.get(who);
      List<Session> all = store.list();
      String target = all.isEmpty() || random.nextInt(4) == 0 ? java.util.UUID.randomUUID().toString() : all.get(random.nextInt(all.size())).id();
      Session before = store.get(target).orElse(null);
      boolean owned = before != null && java.util.Objects.equals(before.owner(), owners.get(who));
      switch (random.nextInt(5)) {
        case 0 -> create(view, owners.get(who));
        case 1 -> assertThat(view.delete(target)).isEqualTo(owned);
        case 2 -> assertThat(view.get(target).isPresent()).isEqualTo(owned);
        case 3 -> {
          try {
            view.update(target, s -> s.withDecision(s.decision().withTopic("step " + random.nextInt())));
            assertThat(owned).as("an update succeeded only on an own session").isTrue();
          } catch (SessionNotFoundException e) {
            assertThat(owned).isFalse();
          }
        }
        default -> {
          if (random.nextInt(20) == 0) {
            view.clear();
          }
        }
      }
      if (!owned && before != null) {
        assertThat(store.get(target)).as("another caller's session is untouched").contains(before);
      }
      for (int v = 0; v < 3; v++) {
        String owner = owners.get(v);
        assertThat(views.get(v).list()).isEqualTo(store.list().stream().filter(s -> java.util.Objects.equals(s.owner(), owner)).toList());
      }
    }
  }
}
