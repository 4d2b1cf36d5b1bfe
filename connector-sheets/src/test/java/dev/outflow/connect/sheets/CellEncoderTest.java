package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.CellData;

import dev.outflow.connect.core.api.Cell;

class CellEncoderTest {

    private static CellEncoder encoder(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(SheetsConfig.SPREADSHEET_ID, "s"));
        props.putAll(extra);
        return new CellEncoder(new SheetsConfig(props));
    }

    private final CellEncoder encoder = encoder(Map.of());

    @Test
    void numbersStayNumbersAndBooleansBooleans() throws Exception {
        assertThat(encoder.encode("n", Cell.integer(42)).getUserEnteredValue().getNumberValue())
                .isEqualTo(42.0);
        assertThat(encoder.encode("f", Cell.floating(0.25))
                        .getUserEnteredValue()
                        .getNumberValue())
                .isEqualTo(0.25);
        assertThat(encoder.encode("d", Cell.decimal(new BigDecimal("12.50")))
                        .getUserEnteredValue()
                        .getNumberValue())
                .isEqualTo(12.5);
        assertThat(encoder.encode("b", Cell.bool(true)).getUserEnteredValue().getBoolValue())
                .isTrue();
    }

    @Test
    void textThatLooksLikeAFormulaIsStoredAsText() throws Exception {
        for (String dangerous : new String[] {"=IMPORTXML(\"http://x\",\"//a\")", "+1+1", "-2", "@SUM(A1)"}) {
            CellData cell = encoder.encode("t", Cell.text(dangerous));
            assertThat(cell.getUserEnteredValue().getStringValue()).isEqualTo(dangerous);
            assertThat(cell.getUserEnteredValue().getFormulaValue()).isNull();
        }
    }

    @Test
    void emojiAndRightToLeftTextAreStoredExactly() throws Exception {
        String text = "שלום 👋🏽 مرحبا";
        assertThat(encoder.encode("t", Cell.text(text)).getUserEnteredValue().getStringValue())
                .isEqualTo(text);
    }

    @Test
    void aNullIsAnEmptyCell() throws Exception {
        CellData cell = encoder.encode("n", Cell.NULL);
        assertThat(cell.getUserEnteredValue()).isNull();
    }

    @Test
    void timestampsAreSerialNumbersInTheConfiguredZoneWithADateTimeFormat() throws Exception {
        Instant noonUtc = Instant.parse("2024-03-01T12:00:00Z");
        CellData utc = encoder.encode("ts", Cell.timestamp(noonUtc));
        // 2024-03-01 is day 45352 counted from 1899-12-30
        assertThat(utc.getUserEnteredValue().getNumberValue()).isEqualTo(45352.5);
        assertThat(utc.getUserEnteredFormat().getNumberFormat().getType()).isEqualTo("DATE_TIME");
        assertThat(utc.getUserEnteredFormat().getNumberFormat().getPattern()).isEqualTo("yyyy-mm-dd hh:mm:ss");

        CellData tokyo = encoder(Map.of(SheetsConfig.TIMEZONE, "Asia/Tokyo")).encode("ts", Cell.timestamp(noonUtc));
        assertThat(tokyo.getUserEnteredValue().getNumberValue()).isEqualTo(45352.875);
    }

    @Test
    void datesAndTimesHaveTheirOwnFormats() throws Exception {
        CellData date = encoder.encode("d", Cell.date(LocalDate.of(1900, 1, 1)));
        assertThat(date.getUserEnteredValue().getNumberValue()).isEqualTo(2.0);
        assertThat(date.getUserEnteredFormat().getNumberFormat().getType()).isEqualTo("DATE");
        CellData time = encoder.encode("t", Cell.time(LocalTime.of(6, 0)));
        assertThat(time.getUserEnteredValue().getNumberValue()).isEqualTo(0.25);
        assertThat(time.getUserEnteredFormat().getNumberFormat().getType()).isEqualTo("TIME");
    }

    @Test
    void anOverlongValueIsTruncatedWithAVisibleMarker() throws Exception {
        String value = "a".repeat(60_000);
        String stored =
                encoder.encode("big", Cell.text(value)).getUserEnteredValue().getStringValue();
        assertThat(stored).hasSize(CellEncoder.MAX_CELL_CHARS).endsWith("…[truncated 60000 characters to 50000]");
        assertThat(stored).startsWith("aaaa");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String value = "a".repeat(49_961) + "😀".repeat(10_000);
        String stored = CellEncoder.truncated(value);
        assertThat(stored.length()).isLessThanOrEqualTo(CellEncoder.MAX_CELL_CHARS);
        String kept = stored.substring(0, stored.indexOf(" …[truncated"));
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    void anOverlongValueIsRefusedWhenConfiguredTo() {
        CellEncoder rejecting = encoder(Map.of(SheetsConfig.CELL_OVERFLOW, "reject"));
        assertThatThrownBy(() -> rejecting.encode("big", Cell.text("a".repeat(50_001))))
                .hasMessage(
                        "field 'big' has 50001 characters, more than Google's 50000 per cell (sheets.cell.overflow=reject)");
    }

    @Test
    void keysCompareNumbersByValue() {
        assertThat(CellEncoder.keyText(Cell.integer(42))).isEqualTo(CellEncoder.normalizeNumber("42.0"));
        assertThat(CellEncoder.keyText(Cell.decimal(new BigDecimal("1.50")))).isEqualTo("1.5");
        assertThat(CellEncoder.keyText(Cell.text("42"))).isEqualTo("42");
    }
}
