package dev.decisionmatrix.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Stable hashes: the same on every JVM, platform and run. */
public final class Hashing {

  private Hashing() {}

  /** Returns the SHA-256 digest of the text's UTF-8 bytes. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  /** Returns eight bytes of a digest, from an offset, as a long. */
  public static long longAt(byte[] digest, int offset) {
    return ByteBuffer.wrap(digest, offset, Long.BYTES).getLong();
  }

  /** SplitMix64's finaliser: spreads every input bit over the whole output. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Derives a per-request seed from a base seed and a request sequence number. */
  public static long seedFor(long seed, long sequence) {
    return mix64(seed ^ mix64(sequence + 0x9e3779b97f4a7c15L));
  }
}
