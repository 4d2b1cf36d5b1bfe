package dev.outflow.connect.testkit.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.util.http.SlackHttpClient;

import dev.outflow.connect.testkit.ManualClock;
import okhttp3.OkHttpClient;

/**
 * An emulator on a {@link ManualClock} with one token and one channel, and the real Slack client
 * pointed at it the way the connector will build it: synchronous {@link MethodsClient}, stats off,
 * and OkHttp's silent re-send of requests whose connection failed switched off.
 */
abstract class SlackEmulatorTestBase {

    static final String TOKEN = "xoxb-1111-2222-emulator";
    static final String CHANNEL_ID = "C0123";
    static final String CHANNEL = "alerts";

    ManualClock clock;
    SlackEmulator emulator;
    Slack slack;
    MethodsClient methods;

    @BeforeEach
    void startEmulator() {
        clock = new ManualClock();
        emulator = new SlackEmulator(clock);
        emulator.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        emulator.createChannel(CHANNEL_ID, CHANNEL);
        if (!rateLimited()) {
            emulator.rateLimits().disable();
        }
        slack = newSlack(emulator, 5_000, false);
        methods = slack.methods(TOKEN);
    }

    @AfterEach
    void stopEmulator() throws Exception {
        slack.close();
        emulator.close();
    }

    /** Tests about other things run with the rate limits off, since the test clock does not move. */
    boolean rateLimited() {
        return false;
    }

    static Slack newSlack(SlackEmulator emulator, int readTimeoutMillis, boolean okHttpRetriesOnConnectionFailure) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(emulator.apiUrl());
        config.getMethodsConfig().setStatsEnabled(false);
        config.setHttpClientReadTimeoutMillis(readTimeoutMillis);
        OkHttpClient ok = SlackHttpClient.buildOkHttpClient(config)
                .newBuilder()
                .retryOnConnectionFailure(okHttpRetriesOnConnectionFailure)
                .build();
        return Slack.getInstance(config, new SlackHttpClient(ok));
    }

    /** A hand-made request, for what the SDK never sends. */
    HttpResponse<String> rawPost(String path, String contentType, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
