package dev.outflow.connect.testkit.sheets;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-user, per-minute request quotas, reads and writes apart, over a sliding window: a request is
 * allowed when fewer than {@code limit} requests of its kind by the same principal were allowed in
 * the 60 seconds (of the emulator clock) before it. Refused requests do not count.
 */
final class Quota {

  static final long WINDOW_MILLIS = 60_000L;

  int writeLimit = 60;
  int readLimit = 60;
  boolean enforced = true;
  private final Map<String, ArrayDeque<Long>> writes = new HashMap<>();
  private final Map<String, ArrayDeque<Long>> reads = new HashMap<>();

  boolean tryAcquire(String principal, boolean write, long nowMillis) {
    if (!enforced) {
      return true;
    }
    ArrayDeque<Long> log =
        (write ? writes : reads).computeIfAbsent(principal.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>());
    while (!log.isEmpty() && log.peekFirst() <= nowMillis - WINDOW_MILLIS) {
      log.pollFirst();
    }
    if (log.size() >= (write ? writeLimit : readLimit)) {
      return false;
    }
    log.addLast(nowMillis);
    return true;
  }

  void reset() {
    writes.clear();
    reads.clear();
  }
}
