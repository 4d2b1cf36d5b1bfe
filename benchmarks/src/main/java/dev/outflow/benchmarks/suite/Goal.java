package dev.outflow.benchmarks.suite;

import java.util.Locale;

/**
 * What a figure should reach, written the way the results show it: {@code ratio >= 0.9},
 * {@code value == 0}. Kept as text in the JSON so another tool can read it without this class.
 *
 * @param onRatio   true when the goal applies to the figure's ratio, false for its value
 * @param atLeast   true for "at least", false for "exactly"
 * @param threshold the number to reach
 */
public record Goal(boolean onRatio, boolean atLeast, double threshold) {

    public static Goal ratioAtLeast(double threshold) {
        return new Goal(true, true, threshold);
    }

    public static Goal valueAtLeast(double threshold) {
        return new Goal(false, true, threshold);
    }

    public static Goal zero() {
        return new Goal(false, false, 0);
    }

    public boolean isMetBy(Figure figure) {
        Double measured = onRatio ? figure.ratio() : Double.valueOf(figure.value());
        if (measured == null) {
            return false;
        }
        return atLeast ? measured >= threshold : measured == threshold;
    }

    @Override
    public String toString() {
        String number = threshold == Math.rint(threshold) ? String.format(Locale.ROOT, "%.0f", threshold)
                : String.format(Locale.ROOT, "%s", threshold);
        return (onRatio ? "ratio" : "value") + (atLeast ? " >= " : " == ") + number;
    }
}
