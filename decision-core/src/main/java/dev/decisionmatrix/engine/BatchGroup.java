package dev.decisionmatrix.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The questions one batched call may answer together: one sample of one option on up to {@code
 * capacity} criteria judged by the same backend, model and temperature, in criterion order. Each
 * member is an ordinary {@link SharedCall}; the first of them to start leads the group: it claims
 * the members still queued and asks their questions in one call (see {@link SharedCall}). Members
 * are added while the evaluation queues its questions, possibly while an early member already
 * leads; guarded by this.
 */
final class BatchGroup {

  private final int capacity;
  private final List<SharedCall> members;

  BatchGroup(int capacity) {
    this.capacity = capacity;
    this.members = new ArrayList<>(capacity);
  }

  /** What the calls of one group share: an option (its row), a sample and a judge. */
  static String idOf(int row, int sample, JudgeTarget target) {
    return row + "\u0000" + sample + "\u0000" + target.backendId() + "\u0000" + target.model() + "\u0000" + target.temperature();
  }

  synchronized boolean isFull() {
    return members.size() >= capacity;
  }

  synchronized void add(SharedCall call) {
    members.add(call);
  }

  /**
   * Claims, for {@code leader}'s call, every other member that is still queued and may be batched;
   * returns the group's questions that call asks, the leader included, in criterion order: the
   * members it claimed now and those of {@code kept} it still holds from a failed attempt.
   */
  List<SharedCall> claimFor(SharedCall leader, @org.jspecify.annotations.Nullable List<SharedCall> kept) {
    List<SharedCall> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(members);
    }
    List<SharedCall> asked = new ArrayList<>(snapshot.size());
    for (SharedCall member : snapshot) {
      if (member == leader || kept != null && kept.contains(member) && member.isClaimed() || member.claimForBatch()) {
        asked.add(member);
      }
    }
    return asked;
  }
}
