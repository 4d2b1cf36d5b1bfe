package dev.outflow.benchmarks.suite;

import java.util.Locale;

/** How numbers read in the table and on the console. */
final class Format {

    private Format() {}

    /** Large numbers with thousands separators and no decimals; small ones with three significant digits or so. */
    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(Double ratio) {
        return ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio);
    }

    static String valueAndRatio(Figure figure) {
        String text = number(figure.value()) + " " + figure.unit();
        if (figure.ratio() != null) {
            text += "  (ratio " + ratio(figure.ratio()) + " to " + figure.ratioTo() + ")";
        }
        if (figure.goal() != null) {
            text += figure.goalMet() ? "  goal met" : "  GOAL MISSED (" + figure.goal() + ")";
        }
        return text;
    }
}
