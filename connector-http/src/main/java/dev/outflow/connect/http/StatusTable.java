package dev.outflow.connect.http;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What an answer's status means ({@code http.status.*}): a 2xx is written; then the fatal list, the
 * retriable list and the rejecting list are checked in that order, so a range in a later list
 * ({@code 400-499}) leaves the codes of earlier lists ({@code 401}) to them. A code in no list stops
 * the task: an answer nobody planned for (a redirect, which is not followed) needs a person.
 */
final class StatusTable {

    enum Verdict {
        WRITTEN,
        RETRIABLE,
        REJECTED,
        FATAL,
        UNLISTED
    }

    /** One entry of a list: a code, or a range of codes. */
    record Span(int from, int to) {

        static Span parse(String entry) {
            String text = entry.trim();
            int dash = text.indexOf('-');
            try {
                Span span = dash < 0
                        ? new Span(Integer.parseInt(text), Integer.parseInt(text))
                        : new Span(
                                Integer.parseInt(text.substring(0, dash).trim()),
                                Integer.parseInt(text.substring(dash + 1).trim()));
                if (span.from < 100 || span.to > 599 || span.from > span.to) {
                    throw new IllegalArgumentException("'" + text + "' is not a status code or range within 100-599");
                }
                return span;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a status code (429) or range (500-599)");
            }
        }

        boolean single() {
            return from == to;
        }

        boolean contains(int status) {
            return status >= from && status <= to;
        }
    }

    private final List<Span> retriable;
    private final List<Span> rejected;
    private final List<Span> fatal;

    StatusTable(List<String> retriable, List<String> rejected, List<String> fatal) {
        this.retriable = spans(retriable);
        this.rejected = spans(rejected);
        this.fatal = spans(fatal);
    }

    private static List<Span> spans(List<String> entries) {
        List<Span> spans = new ArrayList<>();
        entries.stream().filter(e -> !e.isBlank()).forEach(e -> spans.add(Span.parse(e)));
        return spans;
    }

    Verdict verdict(int status) {
        if (status >= 200 && status <= 299) {
            return Verdict.WRITTEN;
        }
        if (in(fatal, status)) {
            return Verdict.FATAL;
        }
        if (in(retriable, status)) {
            return Verdict.RETRIABLE;
        }
        if (in(rejected, status)) {
            return Verdict.REJECTED;
        }
        return Verdict.UNLISTED;
    }

    private static boolean in(List<Span> spans, int status) {
        return spans.stream().anyMatch(s -> s.contains(status));
    }

    /**
     * A code named on its own in two lists: the order of the lists would quietly decide, which is
     * surely not what the operator meant. Null when there is none.
     */
    static String overlap(List<String> retriable, List<String> rejected, List<String> fatal) {
        TreeSet<Integer> twice = new TreeSet<>();
        List<List<Span>> lists = List.of(spans(retriable), spans(rejected), spans(fatal));
        for (int i = 0; i < lists.size(); i++) {
            for (int j = i + 1; j < lists.size(); j++) {
                for (Span a : lists.get(i)) {
                    for (Span b : lists.get(j)) {
                        if (a.single() && b.single() && a.from == b.from) {
                            twice.add(a.from);
                        }
                    }
                }
            }
        }
        return twice.isEmpty()
                ? null
                : "status " + twice + " is listed in two of " + HttpConfig.STATUS_RETRIABLE + ", "
                        + HttpConfig.STATUS_REJECTED + " and " + HttpConfig.STATUS_FATAL + "; keep it in one";
    }
}
