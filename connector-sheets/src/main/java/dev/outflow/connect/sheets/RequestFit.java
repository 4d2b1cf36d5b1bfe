package dev.outflow.connect.sheets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.core.api.Row;

/**
 * How many rows, from the first, one request to a tab should carry to come close to the limit
 * without passing it, chosen before anything is encoded: from a cheap estimate of each row's JSON
 * ({@link CellEncoder#estimateJsonBytes}) scaled by what the tab's last request really serialized
 * to per estimated byte. That ratio takes in what the estimate leaves out (the request's fixed
 * part, upsert's coordinates, the columns a row lacks), so under a steady stream of similar rows
 * the first choice fits, and the request is built and serialized once. When rows change shape and
 * the estimate was short, the request measured too big says by how much, and the next choice
 * corrects it.
 */
final class RequestFit {

    /** Aim this far under the limit: rows vary around the ratio of the last request. */
    private static final double AIM = 0.97;
    /** Before a tab has sent anything the estimate counts every byte of a cell, itself a little over. */
    private static final double FIRST_RATIO = 1.0;

    private final CellEncoder encoder;
    private final long limit;
    /** Per tab: serialized bytes per estimated byte, in its last request. */
    private final Map<String, Double> ratio = new HashMap<>();

    RequestFit(CellEncoder encoder, long limit) {
        this.encoder = encoder;
        this.limit = limit;
    }

    /**
     * The rows of one request: how many of the rows offered, from the first, and the estimate of
     * each prefix, kept so that learning from the request does not estimate them again.
     */
    static final class Choice {
        private final long[] estimated;
        private final int count;

        private Choice(long[] estimated, int count) {
            this.estimated = estimated;
            this.count = count;
        }

        int count() {
            return count;
        }

        /** The estimate of the chosen rows together. */
        long estimatedBytes() {
            return estimated[count - 1];
        }
    }

    /** Which of {@code rows}, from the first, to put in the next request to {@code tab}: at least one. */
    Choice choose(String tab, List<Row> rows) {
        return fit(rows, rows.size(), ratio.getOrDefault(tab, FIRST_RATIO));
    }

    /** The chosen rows were serialized to {@code bytes}: the ratio the next choice starts from. */
    void learn(String tab, Choice sent, long bytes) {
        ratio.put(tab, (double) bytes / Math.max(1, sent.estimatedBytes()));
    }

    /**
     * The chosen rows made a request of {@code bytes}, over the limit: fewer of them, at the ratio
     * this request showed; always fewer, and at least one.
     */
    Choice fewer(String tab, List<Row> rows, Choice tried, long bytes) {
        learn(tab, tried, bytes);
        Choice next = fit(rows, tried.count, ratio.get(tab));
        return next.count < tried.count ? next : new Choice(tried.estimated, Math.max(1, tried.count - 1));
    }

    void forget(String tab) {
        ratio.remove(tab);
    }

    /** The longest prefix of the first {@code max} rows whose estimate, scaled, stays under the aim; at least one row. */
    private Choice fit(List<Row> rows, int max, double bytesPerEstimated) {
        double budget = limit * AIM / bytesPerEstimated;
        long[] estimated = new long[max];
        long used = 0;
        for (int i = 0; i < max; i++) {
            used += estimate(rows.get(i));
            estimated[i] = used;
            if (used > budget) {
                return new Choice(estimated, Math.max(1, i));
            }
        }
        return new Choice(estimated, max);
    }

    /** A row's cells, plus the brackets and comma around them. */
    private long estimate(Row row) {
        long bytes = 14; // {"values":[…]},
        for (int f = 0; f < row.size(); f++) {
            bytes += encoder.estimateJsonBytes(row.cell(f));
        }
        return bytes;
    }
}
