package dev.outflow.connect.sheets;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The Google Sheets sink's task: the framework's task on a {@link SheetsDestination}. */
public final class SheetsSinkTask extends DestinationSinkTask {

    public SheetsSinkTask() {
        super(SheetsDestination::new);
    }
}
