package dev.outflow.connect.http;

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
 * Every log line of this JVM while open (the embedded worker's and the connector's), each with its stack trace,
 * so that an IT can show that no secret, token or record value reaches a log.
 */
final class LogLinesItSupport extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;

    private LogLinesItSupport(LoggerContext context) {
        super("http-it-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    static LogLinesItSupport capture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogLinesItSupport capture = new LogLinesItSupport(context);
        capture.start();
        Configuration config = context.getConfiguration();
        config.addAppender(capture);
        config.getLoggers().values().forEach(logger -> logger.addAppender(capture, Level.ALL, null));
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
