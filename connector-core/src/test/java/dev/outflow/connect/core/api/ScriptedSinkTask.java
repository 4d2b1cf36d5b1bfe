package dev.outflow.connect.core.api;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.internal.task.ScriptedDestination;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;

/** The scripted test destination's task; it also tells the script the most it ever buffered. */
public final class ScriptedSinkTask extends DestinationSinkTask {

    private Script script;

    public ScriptedSinkTask() {
        super(ScriptedDestination::new);
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        script = Script.forId(props.get(ScriptedDestination.SCRIPT_ID));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            super.put(records);
        } finally {
            script.maxBuffered.accumulateAndGet(buffered(), Math::max);
        }
    }
}
