package dev.outflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutOptionsEveryAppIsEmulatedAndTheStateIsWiped() {
        SandboxOptions options = SandboxOptions.parse();

        assertThat(options.realGoogle()).isFalse();
        assertThat(options.realSlack()).isFalse();
        assertThat(options.keep()).isFalse();
        assertThat(options.plugins()).isEmpty();
    }

    @Test
    void aConnectorOfYourOwnIsLoadedFromEachHubArchiveGiven() throws Exception {
        Path first = Files.writeString(dir.resolve("acme-sink-0.1.0.zip"), "");
        Path second = Files.writeString(dir.resolve("other-1.0.zip"), "");

        SandboxOptions options = SandboxOptions.parse("--plugin", first.toString(), "--plugin", second.toString());

        assertThat(options.plugins()).containsExactly(first.toAbsolutePath(), second.toAbsolutePath());
    }

    @Test
    void aPluginThatIsNotAHubArchiveIsRefusedWithTheReason() throws Exception {
        Path jar = Files.writeString(dir.resolve("acme-sink-0.1.0.jar"), "");

        assertThatThrownBy(() -> SandboxOptions.parse("--plugin", jar.toString()))
                .hasMessage("--plugin: " + jar.toAbsolutePath() + " is not a Confluent Hub archive (.zip)");
        assertThatThrownBy(() -> SandboxOptions.parse(
                        "--plugin", dir.resolve("missing.zip").toString()))
                .hasMessageStartingWith("--plugin: cannot read");
    }

    @Test
    void aPairOfOptionsPointsOneConnectorAtTheRealApp() throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), "{}");
        Path token = Files.writeString(dir.resolve("token"), "xoxb-1\n");

        SandboxOptions options = SandboxOptions.parse(
                "--keep",
                "--google-credentials-file",
                key.toString(),
                "--spreadsheet-id",
                "1AbC",
                "--slack-token-file",
                token.toString(),
                "--slack-channel",
                "C0123ABCD");

        assertThat(options.keep()).isTrue();
        assertThat(options.googleCredentials()).isEqualTo(key.toAbsolutePath());
        assertThat(options.spreadsheetId()).isEqualTo("1AbC");
        assertThat(options.slackTokenFile()).isEqualTo(token.toAbsolutePath());
        assertThat(options.slackChannel()).isEqualTo("C0123ABCD");
    }

    @Test
    void halfAPairAMissingFileAndAnUnknownOptionAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SandboxOptions.parse("--spreadsheet-id", "1AbC"))
                .hasMessage("--google-credentials-file and --spreadsheet-id go together");
        assertThatThrownBy(() -> SandboxOptions.parse(
                        "--slack-token-file", dir.resolve("none").toString(), "--slack-channel", "C1"))
                .hasMessageStartingWith("--slack-token-file: cannot read");
        assertThatThrownBy(() -> SandboxOptions.parse("--slack-channel")).hasMessage("--slack-channel needs a value");
        assertThatThrownBy(() -> SandboxOptions.parse("--fast")).hasMessage("unknown option: --fast");
    }
}
