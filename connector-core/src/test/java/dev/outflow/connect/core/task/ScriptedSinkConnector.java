package dev.outflow.connect.core.task;

/** The scripted test destination wired as a connector, the way every destination is. */
public final class ScriptedSinkConnector extends DestinationSinkConnector {

    public ScriptedSinkConnector() {
        super(ScriptedSinkTask.class, ScriptedDestination::new);
    }
}
