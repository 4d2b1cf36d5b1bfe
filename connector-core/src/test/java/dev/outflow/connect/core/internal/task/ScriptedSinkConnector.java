package dev.outflow.connect.core.internal.task;

import dev.outflow.connect.core.api.DestinationSinkConnector;
import dev.outflow.connect.core.api.ScriptedSinkTask;

/** The scripted test destination wired as a connector, the way every destination is. */
public final class ScriptedSinkConnector extends DestinationSinkConnector {

    public ScriptedSinkConnector() {
        super(ScriptedSinkTask.class, ScriptedDestination::new);
    }
}
