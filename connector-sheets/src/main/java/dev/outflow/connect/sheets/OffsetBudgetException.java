package dev.outflow.connect.sheets;

import java.io.IOException;

/**
 * The offsets a write must record would not fit Google's developer metadata budget of the tab's
 * sheet: Google would refuse every write to the tab, so the task stops with what to change.
 */
final class OffsetBudgetException extends IOException {

    OffsetBudgetException(String message) {
        super(message);
    }
}
