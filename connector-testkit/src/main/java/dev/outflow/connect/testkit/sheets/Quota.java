package dev.outflow.connect.testkit.sheets;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Google's per-minute request quotas, reads and writes apart, over a sliding window: per user
 * (principal), and per project, which every principal of the emulator belongs to. A request is
 * allowed when fewer than the limit of requests of its kind were allowed in the 60 seconds (of the
 * emulator clock) before it, both for its principal and for the project. Refused requests do not
 * count.
 */
final class Quota {

    static final long WINDOW_MILLIS = 60_000L;

    /** What refused a request: the per-user or the per-project limit. */
    enum Scope {
        USER,
        PROJECT
    }

    int writeLimit = 60;
    int readLimit = 60;
    int projectWriteLimit = 300;
    int projectReadLimit = 300;
    boolean enforced = true;
    private final Map<String, ArrayDeque<Long>> writes = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> reads = new HashMap<>();
    private final ArrayDeque<Long> projectWrites = new ArrayDeque<>();
    private final ArrayDeque<Long> projectReads = new ArrayDeque<>();

    /** Null when the request is allowed (and counted), else the limit it is over. */
    Scope tryAcquire(String principal, boolean write, long nowMillis) {
        if (!enforced) {
            return null;
        }
        ArrayDeque<Long> user =
                (write ? writes : reads).computeIfAbsent(principal.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>());
        ArrayDeque<Long> project = write ? projectWrites : projectReads;
        slide(user, nowMillis);
        slide(project, nowMillis);
        if (user.size() >= (write ? writeLimit : readLimit)) {
            return Scope.USER;
        }
        if (project.size() >= (write ? projectWriteLimit : projectReadLimit)) {
            return Scope.PROJECT;
        }
        user.addLast(nowMillis);
        project.addLast(nowMillis);
        return null;
    }

    private static void slide(ArrayDeque<Long> log, long nowMillis) {
        while (!log.isEmpty() && log.peekFirst() <= nowMillis - WINDOW_MILLIS) {
            log.pollFirst();
        }
    }

    void reset() {
        writes.clear();
        reads.clear();
        projectWrites.clear();
        projectReads.clear();
    }
}
