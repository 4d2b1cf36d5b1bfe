package dev.outflow.connect.slack;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.SampleRecord;
import dev.outflow.connect.core.api.template.Template;

/**
 * Turns one record into the text and blocks of a message: the operator's templates when given,
 * else a compact list of the record's fields. Templates are compiled once, here.
 */
final class MessageTemplates {

    /** What one record renders to; {@code blocks} is null without a Block Kit template. */
    record Rendered(String text, ArrayNode blocks) {}

    private final Template text;
    private final BlocksTemplate blocks;
    private final Set<String> trustedFields;

    MessageTemplates(String textTemplate, String blocksTemplate) {
        this(textTemplate, blocksTemplate, Set.of());
    }

    /** @param trustedFields fields whose values may format in mrkdwn ({@code slack.mrkdwn.fields}) */
    MessageTemplates(String textTemplate, String blocksTemplate, Set<String> trustedFields) {
        this.trustedFields = Set.copyOf(trustedFields);
        SafeMustache mustache = new SafeMustache(this.trustedFields);
        this.text = textTemplate == null ? null : mustache.compile(textTemplate, SlackConfig.TEXT_TEMPLATE);
        this.blocks = blocksTemplate == null ? null : new BlocksTemplate(blocksTemplate, mustache);
    }

    /** The text and blocks for a record, each within Slack's limits. */
    Rendered render(Row row, RecordScope scope) {
        String rendered = text != null ? text.render(scope) : fieldList(row);
        ArrayNode renderedBlocks = null;
        if (blocks != null) {
            renderedBlocks = blocks.render(scope);
            BlockLimits.truncateTexts(renderedBlocks);
            renderedBlocks = BlockLimits.cap(renderedBlocks);
        }
        return new Rendered(SlackText.truncate(rendered, SlackText.MAX_TEXT_CHARS), renderedBlocks);
    }

    /** The default message: one line per non-null field, {@code *name*: value}, names and values shown literally. */
    private String fieldList(Row row) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            Cell cell = row.cell(i);
            if (!cell.isNull()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                String value = trustedFields.contains(row.name(i))
                        ? SlackText.escape(cell.asText())
                        : SlackText.literal(cell.asText());
                out.append('*')
                        .append(SlackText.literal(row.name(i)))
                        .append("*: ")
                        .append(value);
            }
        }
        return out.length() > 0 ? out.toString() : "(a record without fields: " + row.coordinates() + ")";
    }

    /**
     * Renders a sample record, as {@code validate()} does, so a template that compiles but cannot
     * render (or renders blocks that are not blocks) is caught before the connector is created.
     */
    void checkWithSample() {
        render(SampleRecord.row(), SampleRecord.scope());
    }
}
