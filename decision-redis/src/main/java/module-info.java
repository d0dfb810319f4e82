/**
 * Decision Matrix on Redis: a judgment cache, a decision store and cell leases that several engine
 * instances share.
 *
 * <p>Entry point: {@link dev.decisionmatrix.redis.RedisConnection}.
 */
module dev.decisionmatrix.redis {
  requires transitive dev.decisionmatrix.core;
  requires redis.clients.jedis;
  requires org.apache.commons.pool2;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  exports dev.decisionmatrix.redis;
}
