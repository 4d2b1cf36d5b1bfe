package dev.outflow.connect.hubspot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line of this JVM (an embedded worker's included) while open, with level and stack traces, so a
 * test can count warnings and prove that no token or record value is logged.
 */
final class LogLines extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;

    private LogLines(LoggerContext context) {
        super("hubspot-test-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    static LogLines capture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogLines capture = new LogLines(context);
        capture.start();
        Configuration config = context.getConfiguration();
        config.addAppender(capture);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(capture, Level.ALL, null);
        }
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line =
                new StringBuilder(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The WARN lines that contain {@code text}. */
    List<String> warnings(String text) {
        return lines.stream()
                .filter(line -> line.startsWith("WARN ") && line.contains(text))
                .toList();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        config.getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
