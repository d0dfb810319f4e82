package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.store.contract.DecisionStoreContract;
import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.testkit.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract that the in-memory and file stores pass, against a real Redis. Each test gets
 * its own key prefix, so the tests share one server and never see each other's sessions; every
 * {@link #create} opens a new connection on that prefix, like another instance or a restart.
 */
class RedisDecisionStoreContractTest extends DecisionStoreContract {

  private static RedisProcess redis;
  private final String prefix = "contract-" + UUID.randomUUID() + ":";
  private final List<RedisConnection> connections = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeConnections() {
    connections.forEach(RedisConnection::close);
  }

  @Override
  protected DecisionStore create(StoreOptions storeOptions) {
    RedisConnection connection = RedisConnection.open(redis.url(), prefix);
    connections.add(connection);
    return connection.store(storeOptions);
  }

  @Test
  void twoInstancesOnOneRedisServeTheSameSessions() {
    DecisionStore first = open();
    DecisionStore second = open();
    first.save(StoreFixtures.simple("shared", clock.instant()));

    Session edited = second.update("shared", s -> s.withDecision(s.decision().withTopic("Edited on B")));

    assertThat(first.get("shared")).contains(edited);
    assertThat(first.list()).extracting(Session::id).containsExactly("shared");
  }
}
