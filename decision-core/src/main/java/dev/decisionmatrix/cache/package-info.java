/**
 * The judgment cache SPI: {@link dev.decisionmatrix.cache.EvaluationCache}, keyed by a {@link
 * dev.decisionmatrix.cache.CacheKey}, a SHA-256 of everything that shapes a judgment (never the
 * criterion's weight).
 *
 * <p>Stock caches come from static factories: {@link
 * dev.decisionmatrix.cache.EvaluationCache#inMemory()} (bounded, with a time to live), {@link
 * dev.decisionmatrix.cache.EvaluationCache#persistent(java.nio.file.Path)} (the same, kept in a
 * directory across restarts) and {@link dev.decisionmatrix.cache.EvaluationCache#none()}. Caches
 * must be thread-safe; the engine treats a failing cache as a miss.
 */
@NullMarked
package dev.decisionmatrix.cache;

import org.jspecify.annotations.NullMarked;
