package dev.outflow.connect.testkit.slack;

/**
 * Size limits the emulator enforces on messages. Characters are Unicode code points.
 *
 * <ul>
 *   <li>{@code text}: Slack documents that it truncates text past 40,000 characters (and advises
 *       staying under 4,000), and lists {@code msg_too_long}. By default the emulator is stricter than
 *       silent truncation: text over {@link #maxTextChars()} is refused with {@code msg_too_long}, so
 *       that a connector that would lose the tail of a message fails its tests. With
 *       {@link LongText#TRUNCATE} it stores the first {@code maxTextChars} characters and answers ok,
 *       as Slack documents.</li>
 *   <li>blocks: at most {@value #DEFAULT_MAX_BLOCKS} per message ({@code invalid_blocks} above);
 *       section text 3,000, section field 2,000, header 150, markdown block 12,000 characters.</li>
 *   <li>{@code msg_blocks_too_long}: Slack does not document this limit; a public bug report
 *       measured it at about 13,200 characters of text across all blocks. The emulator refuses more
 *       than {@value #DEFAULT_MAX_BLOCKS_TEXT_CHARS} characters summed over every {@code text}
 *       string in the blocks.</li>
 * </ul>
 */
public final class SlackMessageLimits {

    public static final int DEFAULT_MAX_TEXT_CHARS = 40_000;
    public static final int DEFAULT_MAX_BLOCKS = 50;
    public static final int DEFAULT_MAX_BLOCKS_TEXT_CHARS = 13_000;

    public enum LongText {
        REJECT,
        TRUNCATE
    }

    private volatile int maxTextChars = DEFAULT_MAX_TEXT_CHARS;
    private volatile LongText longText = LongText.REJECT;
    private volatile int maxBlocks = DEFAULT_MAX_BLOCKS;
    private volatile int maxBlocksTextChars = DEFAULT_MAX_BLOCKS_TEXT_CHARS;

    SlackMessageLimits() {}

    public int maxTextChars() {
        return maxTextChars;
    }

    public SlackMessageLimits maxTextChars(int chars) {
        this.maxTextChars = positive(chars);
        return this;
    }

    public LongText longText() {
        return longText;
    }

    public SlackMessageLimits longText(LongText policy) {
        this.longText = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    public SlackMessageLimits maxBlocks(int blocks) {
        this.maxBlocks = positive(blocks);
        return this;
    }

    public int maxBlocksTextChars() {
        return maxBlocksTextChars;
    }

    public SlackMessageLimits maxBlocksTextChars(int chars) {
        this.maxBlocksTextChars = positive(chars);
        return this;
    }

    private static int positive(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("limit must be positive: " + v);
        }
        return v;
    }
}
