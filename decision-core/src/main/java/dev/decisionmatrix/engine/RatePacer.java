package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.RateLimitStatus;
import dev.decisionmatrix.llm.RateLimitStatus.Allowance;
import org.jspecify.annotations.Nullable;

/**
 * Paces calls to one backend and model by the rate limits its provider announces, so a steady
 * evaluation stays inside the requests-per-minute and tokens-per-minute budget instead of bursting
 * into 429s and backing off.
 *
 * <p>It mirrors the provider's buckets: every answer lowers a bucket to the remainder the provider
 * announced if that is lower than the mirror (the mirror already counts calls started after the
 * provider answered), and the refill rate follows from the answers ({@code limit / window}, where each
 * answer implies a window of {@code untilFull * limit / (limit - remaining)}: the token-bucket
 * model Anthropic documents and OpenAI's reset times imply; the longest implied window is kept). Between
 * answers the mirror refills at that rate and each call started takes one request and its
 * estimated tokens. A call that does not fit waits for the time the mirror needs to refill. A small
 * margin (1 % of the limit, at least one request) absorbs calls still on their way to the provider.
 * Until the first answer announces anything, calls are not paced at all, but they are counted: the
 * first announcement is lowered by the calls started before it that it may not have counted yet.
 *
 * <p>Thread-safe; time comes from the engine's ticker.
 */
final class RatePacer {

  /** One mirrored bucket. */
  private static final class Bucket {
    long limit;
    double level;
    /** Refill per nanosecond; 0 while unknown. */
    double rate;
    long updated;

    /** The longest window any answer implied; 0 while unknown. */
    double window;

    boolean seen;

    void observe(Allowance a, long now, double unannounced) {
      double margin = Math.max(1, a.limit() * 0.01);
      double announced = a.remaining() - margin - unannounced;
      if (seen) {
        // The provider counted its remainder when it answered; calls this engine started since
        // then are in the mirror but not in that number, and answers can arrive out of order.
        // The lower of the two is never ahead of the provider.
        refill(now);
        level = Math.min(level, announced);
      } else {
        level = announced;
        seen = true;
      }
      limit = a.limit();
      long full = a.untilFull().toNanos();
      if (full > 0 && a.remaining() < a.limit()) {
        // Each answer implies a window of untilFull * limit / deficit. Rounding of the announced
        // time and the answer's time on the wire only ever shorten it, so the longest one seen is
        // the most accurate, and pacing by it never runs ahead of the provider.
        window = Math.max(window, full * (double) a.limit() / (a.limit() - a.remaining()));
        rate = a.limit() / window;
      }
      updated = Math.max(updated, now);
    }

    void refill(long now) {
      // Callers read the clock before they take the lock, so time can arrive out of order: the
      // mirror never moves back in time (that would count the same refill twice).
      if (now <= updated) {
        return;
      }
      if (rate > 0) {
        level = Math.min(limit, level + (now - updated) * rate);
      }
      updated = now;
    }

    /** Nanoseconds until {@code amount} fits; 0 if it fits now; -1 if it can never be known. */
    long waitFor(double amount) {
      if (level >= amount) {
        return 0;
      }
      return rate > 0 ? (long) Math.ceil((amount - level) / rate) : -1;
    }
  }

  private @Nullable Bucket requests;
  private @Nullable Bucket tokens;
  /** Calls started before any announcement, and their tokens: the first answer may not count them. */
  private long unannouncedCalls;
  private long unannouncedTokens;

  /** Takes in what an answer announced. */
  synchronized void observe(@Nullable RateLimitStatus status, long now) {
    if (status == null) {
      return;
    }
    // The answer that created a bucket counted its own call; the other calls started before any
    // announcement may still be on their way to the provider.
    long otherCalls = Math.max(0, unannouncedCalls - 1);
    long otherTokens = unannouncedCalls == 0 ? 0 : unannouncedTokens * otherCalls / unannouncedCalls;
    boolean first = requests == null && tokens == null;
    if (status.requests() != null) {
      boolean fresh = requests == null;
      if (fresh) {
        requests = new Bucket();
      }
      requests.observe(status.requests(), now, fresh ? otherCalls : 0);
    }
    if (status.tokens() != null) {
      boolean fresh = tokens == null;
      if (fresh) {
        tokens = new Bucket();
      }
      tokens.observe(status.tokens(), now, fresh ? otherTokens : 0);
    }
    if (first) {
      unannouncedCalls = 0;
      unannouncedTokens = 0;
    }
  }

  /**
   * Reserves one request of about {@code estimatedTokens} tokens if the mirrored budget has room.
   *
   * @param estimatedTokens the call's estimated prompt plus answer tokens
   * @param now the ticker's time
   * @return 0 if reserved, else the nanoseconds to wait before asking again
   */
  synchronized long reserve(long estimatedTokens, long now) {
    if (requests == null && tokens == null) {
      unannouncedCalls++;
      unannouncedTokens += estimatedTokens;
      return 0;
    }
    long wait = 0;
    if (requests != null) {
      requests.refill(now);
      wait = Math.max(wait, requests.waitFor(1));
    }
    if (tokens != null) {
      tokens.refill(now);
      // A call larger than the whole bucket can only wait for a full one.
      wait = Math.max(wait, tokens.waitFor(Math.min(estimatedTokens, tokens.limit * 0.99)));
    }
    if (wait > 0) {
      return wait;
    }
    // wait is 0 or -1 (a bucket without a known rate: pacing cannot help, let the provider decide)
    if (requests != null) {
      requests.level -= 1;
    }
    if (tokens != null) {
      tokens.level -= estimatedTokens;
    }
    return 0;
  }
}
