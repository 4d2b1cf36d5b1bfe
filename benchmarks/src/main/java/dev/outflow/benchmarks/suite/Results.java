package dev.outflow.benchmarks.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the run found, gathered from every scenario: the figures in order, the exact connector
 * and emulator settings each scenario used, and notes that a figure needs to be read right.
 * Scenarios may run side by side, so every method is synchronized.
 */
final class Results {

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Map<String, Object>> settingsByScenario = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.printf("  %-22s %-48s %s%n", figure.scenario(), figure.metric(), Format.valueAndRatio(figure));
    }

    /** A setting a scenario used: a connector config, an emulator limit, a derived number. */
    synchronized void setting(String scenario, String key, Object value) {
        settingsByScenario.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).put(key, value);
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    /** In scenario order (scenarios are named from their number), each scenario's figures in the order it found them. */
    synchronized List<Figure> figures() {
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(Comparator.comparing(Figure::scenario));
        return sorted;
    }

    synchronized Map<String, Map<String, Object>> settings() {
        return new TreeMap<>(settingsByScenario);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
