package dev.outflow.benchmarks.suite;

import java.util.Locale;

/**
 * What a figure should reach, written the way the results show it: {@code ratio >= 0.9},
 * {@code value <= 2000000}, {@code value == 0}. Kept as text in the JSON so another tool can read
 * it without this class.
 *
 * @param onRatio    true when the goal applies to the figure's ratio, false for its value
 * @param comparison how the measured number must stand to {@code threshold}
 * @param threshold  the number to reach
 */
public record Goal(boolean onRatio, Comparison comparison, double threshold) {

    /** The comparisons a goal may ask for, with the operator the results show. */
    public enum Comparison {
        AT_LEAST(">="),
        AT_MOST("<="),
        EXACTLY("==");

        private final String operator;

        Comparison(String operator) {
            this.operator = operator;
        }
    }

    public static Goal ratioAtLeast(double threshold) {
        return new Goal(true, Comparison.AT_LEAST, threshold);
    }

    /** For costs, which a goal caps: bytes read compared with the whole tab. */
    public static Goal ratioAtMost(double threshold) {
        return new Goal(true, Comparison.AT_MOST, threshold);
    }

    public static Goal valueAtLeast(double threshold) {
        return new Goal(false, Comparison.AT_LEAST, threshold);
    }

    /** For costs and sizes, which a goal caps: µs of CPU per row, bytes per request. */
    public static Goal valueAtMost(double threshold) {
        return new Goal(false, Comparison.AT_MOST, threshold);
    }

    public static Goal zero() {
        return new Goal(false, Comparison.EXACTLY, 0);
    }

    public boolean isMetBy(Figure figure) {
        Double measured = onRatio ? figure.ratio() : Double.valueOf(figure.value());
        if (measured == null) {
            return false;
        }
        return switch (comparison) {
            case AT_LEAST -> measured >= threshold;
            case AT_MOST -> measured <= threshold;
            case EXACTLY -> measured == threshold;
        };
    }

    @Override
    public String toString() {
        String number = threshold == Math.rint(threshold)
                ? String.format(Locale.ROOT, "%.0f", threshold)
                : String.format(Locale.ROOT, "%s", threshold);
        return (onRatio ? "ratio " : "value ") + comparison.operator + " " + number;
    }
}
