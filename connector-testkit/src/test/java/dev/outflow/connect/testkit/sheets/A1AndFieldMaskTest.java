package dev.outflow.connect.testkit.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The parsers behind range and field-mask handling, without HTTP. */
class A1AndFieldMaskTest {

    @Test
    void parsesTheRangeFormsTheApiAccepts() {
        assertThat(A1.parse("Sheet1!A1:B2")).isEqualTo(new A1.Range("Sheet1", true, false, 0, 2, 0, 2));
        assertThat(A1.parse("'My tab'!1:1")).isEqualTo(new A1.Range("My tab", true, false, 0, 1, null, null));
        assertThat(A1.parse("'It''s'!$B$3")).isEqualTo(new A1.Range("It's", true, false, 2, 3, 1, 2));
        assertThat(A1.parse("Data!A5:F")).isEqualTo(new A1.Range("Data", true, false, 4, null, 0, 6));
        assertThat(A1.parse("Data!C:A")).isEqualTo(new A1.Range("Data", true, false, null, null, 0, 3));
        assertThat(A1.parse("B3:A2")).isEqualTo(new A1.Range("B3:A2", false, true, 1, 3, 0, 2));
        assertThat(A1.parse("Sheet1")).isEqualTo(new A1.Range("Sheet1", false, false, null, null, null, null));
        assertThat(A1.parse("My tab!A1").sheet()).isEqualTo("My tab");
        for (String bad :
                List.of("", "Sheet1!", "!A1", "Sheet1!A", "Sheet1!A0", "Sheet1!A:5", "'x", "'x'A1", "Sheet1!ABCD1")) {
            assertThatThrownBy(() -> A1.parse(bad))
                    .as(bad)
                    .isInstanceOf(ApiError.class)
                    .hasMessage("Unable to parse range: " + bad);
        }
    }

    @Test
    void columnsAndTitleQuoting() {
        assertThat(A1.columnName(0)).isEqualTo("A");
        assertThat(A1.columnName(25)).isEqualTo("Z");
        assertThat(A1.columnName(26)).isEqualTo("AA");
        assertThat(A1.columnName(18277)).isEqualTo("ZZZ");
        assertThat(A1.columnIndex("aa")).isEqualTo(26);
        assertThat(A1.quoteTitle("Sales")).isEqualTo("Sales");
        assertThat(A1.quoteTitle("Sheet_1")).isEqualTo("Sheet_1");
        assertThat(A1.quoteTitle("Probe Tab")).isEqualTo("'Probe Tab'");
        assertThat(A1.quoteTitle("A1")).isEqualTo("'A1'");
        assertThat(A1.quoteTitle("R1C1")).isEqualTo("'R1C1'");
        assertThat(A1.quoteTitle("2026")).isEqualTo("'2026'");
        assertThat(A1.quoteTitle("It's")).isEqualTo("'It''s'");
        assertThat(A1.format("Sales", 9, 10, 0, 2)).isEqualTo("Sales!A10:B10");
        assertThat(A1.format("Sales", 2, 3, 1, 2)).isEqualTo("Sales!B3");
    }

    @Test
    void fieldMasksInEveryNotation() throws Exception {
        FieldMask mask = FieldMask.parse("sheets(properties(sheetId,title)),spreadsheetId");
        assertThat(mask.unknownPaths("Spreadsheet")).isEmpty();
        assertThat(FieldMask.parse("sheets/properties/title").unknownPaths("Spreadsheet"))
                .isEmpty();
        assertThat(FieldMask.parse("sheets.data.rowData.values.userEnteredValue")
                        .unknownPaths("Spreadsheet"))
                .isEmpty();
        assertThat(FieldMask.parse("sheets.sheetProperties").unknownPaths("Spreadsheet"))
                .containsExactly("sheets.sheetProperties");
        assertThat(FieldMask.parse("userEnteredValue,userEnteredFormat.numberFormat")
                        .leafPaths("CellData"))
                .containsExactly(List.of("userEnteredValue"), List.of("userEnteredFormat", "numberFormat"));
        assertThat(FieldMask.parse("user_entered_value").leafPaths("CellData"))
                .containsExactly(List.of("userEnteredValue"));
        assertThat(FieldMask.parse("*").leafPaths("CellData")).containsExactly(List.of("*"));
        for (String bad : List.of("", "a,", "a(b", "a..b", "(a)")) {
            assertThatThrownBy(() -> FieldMask.parse(bad)).as(bad).isInstanceOf(FieldMask.SyntaxException.class);
        }
    }

    @Test
    void formattedNumbers() {
        assertThat(Formats.general(3)).isEqualTo("3");
        assertThat(Formats.general(12.5)).isEqualTo("12.5");
        assertThat(Formats.general(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Formats.number(1234.5, "NUMBER", "#,##0.00")).isEqualTo("1,234.50");
        assertThat(Formats.number(0.256, "PERCENT", "0.0%")).isEqualTo("25.6%");
        assertThat(Formats.number(45000, "DATE", "")).isEqualTo("3/15/2023");
        assertThat(Formats.number(0.75, "TIME", "")).isEqualTo("6:00:00 PM");
        assertThat(Formats.number(12345, "SCIENTIFIC", "")).isEqualTo("1.23E+04");
    }
}
