package dev.decisionmatrix.testkit;

/** What the simulator does with a request that arrives while all capacity slots are taken. */
public enum Overflow {
  /** Answer at once with HTTP 429 (Bedrock: {@code ThrottlingException}) and retry hints. */
  REJECT,
  /** Wait, first come first served, until a slot frees up. */
  QUEUE
}
