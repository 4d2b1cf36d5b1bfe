package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One spreadsheet: its tabs in order, its developer metadata and who may use it. */
final class Book {

    final String id;
    String title;
    final Map<String, SheetsEmulator.Role> acl;
    final ArrayList<Tab> tabs;
    final ArrayList<Metadata> metadata;

    Book(String id, String title) {
        this(id, title, new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    private Book(
            String id,
            String title,
            Map<String, SheetsEmulator.Role> acl,
            ArrayList<Tab> tabs,
            ArrayList<Metadata> metadata) {
        this.id = id;
        this.title = title;
        this.acl = acl;
        this.tabs = tabs;
        this.metadata = metadata;
    }

    /** A copy whose tab list and metadata list can change; the tabs themselves are shared. */
    Book shallowCopy() {
        return new Book(id, title, acl, new ArrayList<>(tabs), new ArrayList<>(metadata));
    }

    Tab tab(int sheetId) {
        for (Tab t : tabs) {
            if (t.id() == sheetId) {
                return t;
            }
        }
        return null;
    }

    /** Titles match exactly, else ignoring case (as A1 ranges do). */
    Tab tab(String title) {
        for (Tab t : tabs) {
            if (t.title().equals(title)) {
                return t;
            }
        }
        for (Tab t : tabs) {
            if (t.title().toLowerCase(Locale.ROOT).equals(title.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    int indexOf(Tab tab) {
        return tabs.indexOf(tab);
    }

    long cellCount() {
        long n = 0;
        for (Tab t : tabs) {
            n += t.cellCount();
        }
        return n;
    }

    SheetsEmulator.Role roleOf(String principal) {
        return principal == null ? null : acl.get(principal.toLowerCase(Locale.ROOT));
    }
}
