package dev.outflow.connect.testkit.sheets;

import com.fasterxml.jackson.databind.JsonNode;

/** Matching developer metadata against a DataFilter's developerMetadataLookup. */
final class Lookup {

    private Lookup() {}

    static final class BadFilter extends RuntimeException {
        final boolean unimplemented;

        BadFilter(String message, boolean unimplemented) {
            super(message, null, false, false);
            this.unimplemented = unimplemented;
        }
    }

    static boolean matches(Metadata m, JsonNode filter) {
        if (filter.has("a1Range") || filter.has("gridRange")) {
            throw new BadFilter("data filters by a1Range or gridRange for developer metadata", true);
        }
        JsonNode lookup = filter.get("developerMetadataLookup");
        if (lookup == null || lookup.isEmpty()) {
            throw new BadFilter(
                    "A data filter must specify a developerMetadataLookup, an a1Range or a gridRange.", false);
        }
        boolean criteria = false;
        boolean match = true;
        if (lookup.has("metadataId")) {
            criteria = true;
            match &= m.id() == Batch.intOf(lookup.get("metadataId"));
        }
        if (lookup.has("metadataKey")) {
            criteria = true;
            match &= lookup.get("metadataKey").asText().equals(m.key());
        }
        if (lookup.has("metadataValue")) {
            criteria = true;
            match &= lookup.get("metadataValue").asText().equals(m.value());
        }
        String visibility = Schema.enumName(lookup.get("visibility"), "DeveloperMetadataVisibility");
        if (visibility != null && !visibility.equals("DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED")) {
            criteria = true;
            match &= visibility.equals(m.visibility());
        }
        String type = Schema.enumName(lookup.get("locationType"), "DeveloperMetadataLocationType");
        if (type != null && !type.equals("DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED")) {
            criteria = true;
            match &= type.equals(m.locationType());
        }
        JsonNode location = lookup.get("metadataLocation");
        if (location != null && !location.isEmpty()) {
            criteria = true;
            String strategy = Schema.enumName(
                    lookup.get("locationMatchingStrategy"), "DeveloperMetadataLocationMatchingStrategy");
            boolean intersecting = "INTERSECTING_LOCATION".equals(strategy);
            match &= locationMatches(m, location, intersecting);
        }
        if (!criteria) {
            throw new BadFilter("A developer metadata lookup must specify at least one criterion.", false);
        }
        return match;
    }

    private static boolean locationMatches(Metadata m, JsonNode loc, boolean intersecting) {
        if (loc.path("spreadsheet").asBoolean(false)) {
            return intersecting || m.locationType().equals("SPREADSHEET");
        }
        if (loc.has("sheetId")) {
            int sheetId = Batch.intOf(loc.get("sheetId"));
            if (m.sheetId() == null || m.sheetId() != sheetId) {
                return false;
            }
            return intersecting || m.locationType().equals("SHEET");
        }
        JsonNode range = loc.get("dimensionRange");
        if (range != null) {
            int sheetId = Batch.intOf(range.get("sheetId"));
            String dimension = Schema.enumName(range.get("dimension"), "Dimension");
            String type = "ROWS".equals(dimension) ? "ROW" : "COLUMN";
            if (m.sheetId() == null
                    || m.sheetId() != sheetId
                    || !m.locationType().equals(type)) {
                return false;
            }
            int start = Batch.intOf(range.get("startIndex"));
            int end = Batch.intOf(range.get("endIndex"));
            return intersecting ? m.start() >= start && m.start() < end : m.start() == start && end == start + 1;
        }
        return false;
    }
}
