package dev.outflow.connect.core.internal.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffers of one task, one per target in the order targets first appeared, and how many rows
 * they hold together. The total is kept by the buffers themselves where rows are added and
 * removed, so it is always their sum and costs nothing to read on the hot path.
 */
public final class TargetBuffers {

    private final Map<String, TargetBuffer> byTarget = new LinkedHashMap<>();
    private final Collection<TargetBuffer> view = Collections.unmodifiableCollection(byTarget.values());
    /** The sum of the buffers' sizes; only {@link TargetBuffer} changes it. */
    int rows;

    /** The buffer of {@code target}, created empty the first time. */
    public TargetBuffer forTarget(String target) {
        TargetBuffer buffer = byTarget.get(target);
        if (buffer == null) {
            buffer = new TargetBuffer(target, this);
            byTarget.put(target, buffer);
        }
        return buffer;
    }

    /** Every buffer, in the order the targets first appeared; read-only. */
    public Collection<TargetBuffer> all() {
        return view;
    }

    /** The rows held, over all targets. */
    public int rows() {
        return rows;
    }

    /** How many targets have a buffer. */
    public int targets() {
        return byTarget.size();
    }

    /**
     * Drops the buffers of targets gone idle: nothing buffered, no wait pending, and nothing added
     * for {@code idleMs}. Returns them, so what else is kept per target can be dropped too.
     */
    public List<TargetBuffer> removeIdle(long nowMs, long idleMs) {
        List<TargetBuffer> idle = new ArrayList<>();
        for (Iterator<TargetBuffer> it = byTarget.values().iterator(); it.hasNext(); ) {
            TargetBuffer buffer = it.next();
            if (buffer.isEmpty() && buffer.notBeforeMs() <= nowMs && nowMs - buffer.lastAddedMs() >= idleMs) {
                it.remove();
                idle.add(buffer);
            }
        }
        return idle;
    }
}
