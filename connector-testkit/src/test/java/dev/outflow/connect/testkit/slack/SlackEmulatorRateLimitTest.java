package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;

class SlackEmulatorRateLimitTest extends SlackEmulatorTestBase {

    @Override
    boolean rateLimited() {
        return true;
    }

    private ChatPostMessageResponse post(String channel) throws Exception {
        return methods.chatPostMessage(req -> req.channel(channel).text("x"));
    }

    private SlackApiException refused(String channel) {
        return catchThrowableOfType(SlackApiException.class, () -> post(channel));
    }

    @Test
    void aChannelTakesABurstThenOneMessageASecond() throws Exception {
        for (int i = 0; i < SlackRateLimits.DEFAULT_CHANNEL_BURST; i++) {
            assertThat(post(CHANNEL_ID).isOk()).isTrue();
        }

        SlackApiException e = refused(CHANNEL_ID);

        assertThat(e).isNotNull();
        assertThat(e.getResponse().code()).isEqualTo(429);
        assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
        assertThat(e.getError().getError()).isEqualTo("ratelimited");
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isEqualTo(1);
        assertThat(emulator.messages(CHANNEL_ID)).hasSize(3);
        assertThat(emulator.requests("chat.postMessage"))
                .last()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("rate_limited"));

        clock.advanceSeconds(1);
        assertThat(post(CHANNEL_ID).isOk()).isTrue();
        assertThat(refused(CHANNEL_ID)).isNotNull();
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isEqualTo(2);
    }

    @Test
    void channelsHaveTheirOwnBuckets() throws Exception {
        emulator.createChannel("C0456", "other");
        for (int i = 0; i < 3; i++) {
            post(CHANNEL_ID);
        }
        assertThat(refused(CHANNEL_ID)).isNotNull();
        assertThat(post("C0456").isOk()).isTrue();
        assertThat(emulator.rateLimitedCount("C0456")).isZero();
    }

    @Test
    void noneAfterWarmUpWhenTheClientKeepsToOneASecond() throws Exception {
        for (int i = 0; i < 5; i++) {
            catchThrowable(() -> post(CHANNEL_ID)); // a burst that runs into the limit
        }
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isEqualTo(2);
        emulator.resetCounters();

        for (int i = 0; i < 30; i++) {
            clock.advanceSeconds(1);
            assertThat(post(CHANNEL_ID).isOk()).isTrue();
        }
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isZero();
        assertThat(emulator.postCount(CHANNEL_ID)).isEqualTo(30);
    }

    @Test
    void theChannelRateIsConfigurable() throws Exception {
        emulator.rateLimits().perChannel(0.25, 1);
        assertThat(post(CHANNEL_ID).isOk()).isTrue();
        assertThat(refused(CHANNEL_ID).getResponse().header("Retry-After")).isEqualTo("4");
        clock.advanceSeconds(3);
        assertThat(refused(CHANNEL_ID).getResponse().header("Retry-After")).isEqualTo("1");
        clock.advanceSeconds(1);
        assertThat(post(CHANNEL_ID).isOk()).isTrue();
    }

    @Test
    void theWorkspaceHasAPerMinuteBudgetPerMethod() throws Exception {
        emulator.rateLimits().perChannel(100, 100).methodPerMinute("chat.postMessage", 5);
        emulator.createChannel("C0456", "other");
        for (int i = 0; i < 5; i++) {
            assertThat(post(i % 2 == 0 ? CHANNEL_ID : "C0456").isOk()).isTrue();
        }
        SlackApiException e = refused("C0456");
        assertThat(e.getResponse().header("Retry-After")).isEqualTo("12");
        assertThat(emulator.rateLimitedCount("C0456")).isEqualTo(1);
        assertThat(methods.authTest(req -> req).isOk())
                .as("other methods have their own budget")
                .isTrue();

        clock.advanceSeconds(12);
        assertThat(post(CHANNEL_ID).isOk()).isTrue();
    }

    @Test
    void readMethodsHaveTheirTiersBudget() throws Exception {
        emulator.rateLimits().tierPerMinute(SlackRateLimits.Tier.TIER_3, 2);
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).isOk())
                .isTrue();
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).isOk())
                .isTrue();

        SlackApiException e = catchThrowableOfType(
                SlackApiException.class, () -> methods.conversationsHistory(req -> req.channel(CHANNEL_ID)));
        assertThat(e.getResponse().code()).isEqualTo(429);
        assertThat(e.getResponse().header("Retry-After")).isEqualTo("30");
        assertThat(methods.conversationsInfo(req -> req.channel(CHANNEL_ID)).isOk())
                .as("the budget is per method")
                .isTrue();
    }

    @Test
    void theDefaultTiersAreSlacksPublishedMinimums() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID))
                            .isOk())
                    .isTrue();
        }
        assertThat(catchThrowableOfType(
                        SlackApiException.class, () -> methods.conversationsHistory(req -> req.channel(CHANNEL_ID))))
                .isNotNull();
        assertThat(SlackRateLimits.tierOf("chat.postMessage")).isEqualTo(SlackRateLimits.Tier.POST_MESSAGE);
        assertThat(SlackRateLimits.tierOf("chat.update")).isEqualTo(SlackRateLimits.Tier.TIER_3);
    }

    @Test
    void limitsCanBeSwitchedOff() throws Exception {
        emulator.rateLimits().disable();
        for (int i = 0; i < 20; i++) {
            assertThat(post(CHANNEL_ID).isOk()).isTrue();
        }
        assertThat(emulator.rateLimitedCount()).isZero();
    }

    @Test
    void aNonMarketplaceAppReadsHistoryAndRepliesOnceAMinuteEach() throws Exception {
        emulator.setAppKind(TOKEN, SlackAppKind.NON_MARKETPLACE);
        String parent = post(CHANNEL_ID).getTs();
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).isOk())
                .isTrue();
        SlackApiException again = catchThrowableOfType(
                SlackApiException.class, () -> methods.conversationsHistory(req -> req.channel(CHANNEL_ID)));
        assertThat(again.getResponse().code()).isEqualTo(429);
        assertThat(again.getResponse().header("Retry-After")).isEqualTo("60");
        assertThat(methods.conversationsReplies(req -> req.channel(CHANNEL_ID).ts(parent))
                        .isOk())
                .as("each method has its own minute")
                .isTrue();

        clock.advance(Duration.ofSeconds(60));
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).isOk())
                .isTrue();
    }

    @Test
    void aNonMarketplaceAppGetsAtMostFifteenMessagesAPage() throws Exception {
        emulator.setAppKind(TOKEN, SlackAppKind.NON_MARKETPLACE);
        emulator.rateLimits().nonMarketplaceHistoryPerMinute(100);
        for (int i = 0; i < 40; i++) {
            emulator.postAsUser(CHANNEL_ID, "m" + i);
        }
        ConversationsHistoryResponse asked200 =
                methods.conversationsHistory(req -> req.channel(CHANNEL_ID).limit(200));
        assertThat(asked200.getMessages()).hasSize(15);
        assertThat(asked200.isHasMore()).isTrue();
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).getMessages())
                .as("the default")
                .hasSize(15);

        emulator.setAppKind(TOKEN, SlackAppKind.INTERNAL);
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID).limit(200))
                        .getMessages())
                .as("internal apps keep Tier 3 and large pages")
                .hasSize(40);
    }
}
