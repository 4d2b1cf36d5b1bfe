package dev.outflow.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The command line of {@code ./sandbox.sh}. Without options every app is emulated on this machine;
 * a pair of options points one connector at the real app instead.
 *
 * @param keep              keep the state directory instead of wiping it at start
 * @param googleCredentials a service-account key file, for the real Google Sheets API (null: emulator)
 * @param spreadsheetId     the real spreadsheet to write to, shared with that service account
 * @param slackTokenFile    a file holding a bot token (xoxb-...), for the real Slack API (null: emulator)
 * @param slackChannel      the real channel id to post to, with the bot invited
 * @param plugins           more Confluent Hub archives for the worker: a destination of your own
 * @param help              print the usage and stop
 */
record SandboxOptions(
        boolean keep,
        Path googleCredentials,
        String spreadsheetId,
        Path slackTokenFile,
        String slackChannel,
        List<Path> plugins,
        boolean help) {

    static final String USAGE = """
            Usage: ./sandbox.sh [options]
              --keep                              keep the state directory (.sandbox) instead of wiping it
              --google-credentials-file FILE      write to the real Google Sheets API with this service-account key
              --spreadsheet-id ID                 ... into this spreadsheet (share it with the service account as Editor)
              --slack-token-file FILE             post to the real Slack API with the bot token in this file
              --slack-channel CHANNEL_ID          ... into this channel (invite the bot first), e.g. C0123ABCD
              --plugin ZIP                        also load this Confluent Hub archive (your own connector); repeatable
              --help                              this text
            Without the Google or the Slack pair, that app is emulated on this machine.""";

    static SandboxOptions parse(String... args) {
        boolean keep = false;
        boolean help = false;
        Path google = null;
        String spreadsheet = null;
        Path slack = null;
        String channel = null;
        List<Path> plugins = new ArrayList<>();
        for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
            String option = it.next();
            switch (option) {
                case "--keep" -> keep = true;
                case "--help", "-h" -> help = true;
                case "--google-credentials-file" -> google = readableFile(option, value(option, it));
                case "--spreadsheet-id" -> spreadsheet = value(option, it);
                case "--slack-token-file" -> slack = readableFile(option, value(option, it));
                case "--slack-channel" -> channel = value(option, it);
                case "--plugin" -> plugins.add(hubArchive(option, value(option, it)));
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        if ((google == null) != (spreadsheet == null)) {
            throw new IllegalArgumentException("--google-credentials-file and --spreadsheet-id go together");
        }
        if ((slack == null) != (channel == null)) {
            throw new IllegalArgumentException("--slack-token-file and --slack-channel go together");
        }
        return new SandboxOptions(keep, google, spreadsheet, slack, channel, List.copyOf(plugins), help);
    }

    boolean realGoogle() {
        return googleCredentials != null;
    }

    boolean realSlack() {
        return slackTokenFile != null;
    }

    private static String value(String option, Iterator<String> it) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }

    private static Path hubArchive(String option, String value) {
        Path path = readableFile(option, value);
        if (!path.getFileName().toString().endsWith(".zip")) {
            throw new IllegalArgumentException(option + ": " + path + " is not a Confluent Hub archive (.zip)");
        }
        return path;
    }

    private static Path readableFile(String option, String value) {
        Path path = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(option + ": cannot read " + path);
        }
        return path;
    }
}
