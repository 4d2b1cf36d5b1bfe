package dev.outflow.benchmarks.suite;

/**
 * One measured figure, as a row of the results.
 *
 * @param scenario which scenario measured it
 * @param metric   what was measured
 * @param value    the measurement
 * @param unit     the unit of {@code value}
 * @param ratio    {@code value} divided by the ceiling named in {@code ratioTo}, measured or set in
 *                 the same run; null when the figure is not compared
 * @param ratioTo  the ceiling, or null
 * @param goal     what the figure should reach, or null
 */
public record Figure(
        String scenario, String metric, double value, String unit, Double ratio, String ratioTo, Goal goal) {

    /** A figure that compares to nothing and has no goal. */
    public static Figure plain(String scenario, String metric, double value, String unit) {
        return new Figure(scenario, metric, value, unit, null, null, null);
    }

    /** A figure divided by a ceiling; {@code ceiling} of zero leaves the ratio empty rather than infinite. */
    public static Figure ratio(
            String scenario, String metric, double value, String unit, double ceiling, String ratioTo, Goal goal) {
        return new Figure(scenario, metric, value, unit, ceiling == 0 ? null : value / ceiling, ratioTo, goal);
    }

    /** True or false against the goal; null when there is none. */
    public Boolean goalMet() {
        return goal == null ? null : goal.isMetBy(this);
    }
}
