package dev.outflow.connect.hubspot;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;

/** What the HubSpot tests share: a destination against the emulator, and rows to write. */
final class HubSpotTestSupport {

    static final String TOPIC = "scores";

    private HubSpotTestSupport() {}

    /** The keys of a destination on the emulator with a private-app token, plus {@code extra} (a null value removes a key). */
    static Map<String, String> props(HubSpotEmulator hubspot, String token, String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(HubSpotConfig.ACCESS_TOKEN, token);
        props.put(HubSpotConfig.API_URL, hubspot.baseUrl());
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                props.remove(extra[i]);
            } else {
                props.put(extra[i], extra[i + 1]);
            }
        }
        return props;
    }

    static HubSpotDestination started(Map<String, String> props, Clock clock) {
        HubSpotDestination destination = new HubSpotDestination(clock);
        destination.start(props);
        return destination;
    }

    /** Rows of JSON text, at offsets 0, 1, 2 ... of partition 0. */
    static List<Row> rows(String... json) {
        Row[] rows = new Row[json.length];
        for (int i = 0; i < json.length; i++) {
            rows[i] = Rows.fromJson(TOPIC, 0, i, json[i]);
        }
        return List.of(rows);
    }

    /** A row of a record with a schema (for Connect's Date and Timestamp logical types). */
    static Row row(Schema schema, Struct value, long offset) {
        return Rows.of(new SinkRecord(TOPIC, 0, null, null, schema, value, offset));
    }

    /** A tombstone with a string key, as the framework hands it over with behavior.on.null.values=delete. */
    static Row tombstone(String key, long offset) {
        return Rows.of(new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, key, null, null, offset));
    }
}
