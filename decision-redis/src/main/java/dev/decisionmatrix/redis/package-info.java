/** Redis-backed judgment cache, decision store and cell leases shared by several engine instances. */
@NullMarked
package dev.decisionmatrix.redis;

import org.jspecify.annotations.NullMarked;
