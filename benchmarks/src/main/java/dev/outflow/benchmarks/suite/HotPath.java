package dev.outflow.benchmarks.suite;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.outflow.benchmarks.RecordToRowBenchmark;
import dev.outflow.connect.sheets.SheetsRequestJsonBenchmark;

/**
 * Scenario 7: the framework's hot path (offset tracking, mapping, buffering, taking the batch) as
 * JMH measures it in {@link RecordToRowBenchmark}, one fork, with the short settings of this run.
 * The same JMH run measures {@link SheetsRequestJsonBenchmark}, the Google client's share of a
 * Sheets write, which joins scenario 2's figures. JMH's own output goes to a file; its scores come
 * into the table.
 */
final class HotPath {

    static final String SCENARIO = "7 hot path (JMH)";
    /** The framework's goal for a 10-field Struct and Map (benchmarks/README.md); JSON strings have none. */
    private static final double GOAL_PER_THREAD = 500_000;

    private final Settings settings;
    private final Results results;
    private final Path output;
    private final double sheetsTaskMicrosPerRecord;

    /** {@code sheetsTaskMicrosPerRecord}: the task thread's CPU per record in scenario 2, which the Google client's share is compared to. */
    HotPath(Settings settings, Results results, Path output, double sheetsTaskMicrosPerRecord) {
        this.settings = settings;
        this.results = results;
        this.output = output;
        this.sheetsTaskMicrosPerRecord = sheetsTaskMicrosPerRecord;
    }

    void run() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(RecordToRowBenchmark.class.getName())
                .include(SheetsRequestJsonBenchmark.class.getName())
                .param("metadata", settings.jmhMetadata().toArray(new String[0]))
                .forks(1)
                .warmupIterations(settings.jmhWarmups())
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(settings.jmhIterations())
                .measurementTime(TimeValue.seconds(1))
                .output(output.toString())
                .build();
        results.setting(
                SCENARIO,
                "jmh",
                String.format(
                        Locale.ROOT,
                        "1 fork, %d warm-up and %d measured iterations of 1 s; metadata %s; output %s",
                        settings.jmhWarmups(),
                        settings.jmhIterations(),
                        settings.jmhMetadata(),
                        output));
        Collection<RunResult> runs = new Runner(options).run();
        StringBuilder errors = new StringBuilder("JMH's 99.9% confidence half-widths (records/s per thread):");
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            Result<?> score = run.getPrimaryResult();
            String metric;
            if (benchmark.startsWith(SheetsRequestJsonBenchmark.class.getName())) {
                // rows/s per thread, shown as the CPU a row costs, beside the task thread's CPU per row in scenario 2
                metric = "Google client serializing a Sheets request";
                results.add(Figure.ratio(
                        SheetsThroughput.SCENARIO,
                        metric + " (JMH)",
                        1e6 / score.getScore(),
                        "µs/record",
                        sheetsTaskMicrosPerRecord,
                        "CPU per record, task thread",
                        null));
            } else {
                String input = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                metric = input + ", metadata " + run.getParams().getParam("metadata");
                Goal goal = input.equals("json") ? null : Goal.valueAtLeast(GOAL_PER_THREAD);
                results.add(new Figure(SCENARIO, metric, score.getScore(), "records/s per thread", null, null, goal));
            }
            double error = score.getScoreError();
            errors.append(' ')
                    .append(metric)
                    .append(Double.isNaN(error) ? " n/a" : " ±" + Format.number(error))
                    .append(';');
        }
        results.note(errors.substring(0, errors.length() - 1)
                + ". Few short iterations on a shared machine: compare runs only when these overlap little.");
    }
}
