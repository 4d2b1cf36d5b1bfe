package dev.outflow.connect.sheets;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** Writes Kafka records to a Google Sheet: see connector-sheets/README.md. */
public final class SheetsSinkConnector extends DestinationSinkConnector {

    public SheetsSinkConnector() {
        super(SheetsSinkTask.class, SheetsDestination::new);
    }
}
