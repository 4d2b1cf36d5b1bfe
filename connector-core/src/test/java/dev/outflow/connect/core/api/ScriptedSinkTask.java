package dev.outflow.connect.core.api;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.internal.task.ScriptedDestination;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;

/**
 * The scripted test destination's task; it also tells the script the most it ever buffered, and
 * plays a crash when told (it fails and commits nothing more).
 */
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
        if (script.crashed) {
            throw new ConnectException("the task crashed (scripted)");
        }
        try {
            super.put(records);
        } finally {
            script.maxBuffered.accumulateAndGet(buffered(), Math::max);
        }
    }

    /** A crashed task commits nothing more, as a killed process would not. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return script.crashed ? Map.of() : super.preCommit(currentOffsets);
    }
}
