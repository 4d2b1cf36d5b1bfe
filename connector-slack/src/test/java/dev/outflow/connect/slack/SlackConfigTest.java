package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.SinkConfig;

class SlackConfigTest {

    private static Map<String, String> token(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put(SlackConfig.BOT_TOKEN, "xoxb-test");
        props.put(SlackConfig.CHANNEL, "C0123ABC");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                props.remove(pairs[i]);
            } else {
                props.put(pairs[i], pairs[i + 1]);
            }
        }
        return props;
    }

    private static final ConfigDef MERGED = SinkConfig.withDestinationKeys(SlackConfig.CONFIG_DEF);

    /** What the rules between keys say, key by key, as the framework runs them. */
    private static Map<String, List<String>> problems(Map<String, String> props) {
        return ConfigRules.problems(MERGED, new SlackDestination().configRules(), props, Set.of());
    }

    /** What each key's own check says, key by key, as the worker runs them. */
    private static Map<String, List<String>> ownProblems(Map<String, String> props) {
        Map<String, List<String>> problems = new HashMap<>();
        MERGED.validate(props).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .forEach(v -> problems.put(v.name(), v.errorMessages()));
        return problems;
    }

    @Test
    void theAppKindSetsTheHistoryBudgetAndPageWhichKeysMayOverride() {
        SlackConfig internal = new SlackConfig(token());
        assertThat(internal.appKind()).isEqualTo(SlackConfig.AppKind.INTERNAL);
        assertThat(internal.historyPerMinute()).isEqualTo(50);
        assertThat(internal.historyPageSize()).isEqualTo(200);

        SlackConfig limited = new SlackConfig(token(SlackConfig.APP_KIND, "non-marketplace"));
        assertThat(limited.historyPerMinute()).isEqualTo(1);
        assertThat(limited.historyPageSize()).isEqualTo(15);

        SlackConfig scaled = new SlackConfig(token(
                SlackConfig.APP_KIND,
                "NON-MARKETPLACE",
                SlackConfig.HISTORY_PER_MINUTE,
                "6",
                SlackConfig.HISTORY_PAGE_SIZE,
                "10"));
        assertThat(scaled.historyPerMinute()).isEqualTo(6);
        assertThat(scaled.historyPageSize()).isEqualTo(10);

        assertThat(ownProblems(token(SlackConfig.APP_KIND, "partner"))).containsKey(SlackConfig.APP_KIND);
        assertThat(ownProblems(token(SlackConfig.HISTORY_PAGE_SIZE, "0"))).containsKey(SlackConfig.HISTORY_PAGE_SIZE);
        assertThat(ownProblems(token()))
                .doesNotContainKeys(SlackConfig.HISTORY_PER_MINUTE, SlackConfig.HISTORY_PAGE_SIZE);
    }

    @Test
    void trustedFieldsAreAListOfNames() {
        assertThat(new SlackConfig(token()).mrkdwnFields()).isEmpty();
        assertThat(new SlackConfig(token(SlackConfig.MRKDWN_FIELDS, "summary, details")).mrkdwnFields())
                .containsExactly("summary", "details");
    }

    @Test
    void aTokenAndAChannelAreEnough() {
        assertThat(problems(token())).isEmpty();
    }

    @Test
    void exactlyOneOfTokenAndWebhook() {
        assertThat(problems(token(SlackConfig.WEBHOOK_URL, "https://hooks.slack.com/services/T/B/x")))
                .containsOnlyKeys(SlackConfig.BOT_TOKEN, SlackConfig.WEBHOOK_URL, SlackConfig.CHANNEL);
        assertThat(problems(token(SlackConfig.BOT_TOKEN, null)))
                .containsOnlyKeys(SlackConfig.BOT_TOKEN, SlackConfig.WEBHOOK_URL);
    }

    @Test
    void aTokenNeedsAChannelFromSomewhere() {
        assertThat(problems(token(SlackConfig.CHANNEL, null)))
                .containsOnlyKeys(
                        SlackConfig.BOT_TOKEN,
                        SlackConfig.CHANNEL,
                        SlackConfig.CHANNEL_FIELD,
                        SlackConfig.CHANNEL_TOPIC_MAP);
        assertThat(problems(token(SlackConfig.CHANNEL, null, SlackConfig.CHANNEL_FIELD, "team.channel")))
                .isEmpty();
        assertThat(problems(token(SlackConfig.CHANNEL, null, SlackConfig.CHANNEL_TOPIC_MAP, "orders:C0ORDERS")))
                .isEmpty();
    }

    @Test
    void aWebhookTakesNoChannelsThreadsUpdatesOrDedupAndItsUrlIsNeverRepeated() {
        Map<String, String> props = token(
                SlackConfig.BOT_TOKEN,
                null,
                SlackConfig.WEBHOOK_URL,
                "https://hooks.slack.com/services/T/B/secret",
                SlackConfig.THREAD_KEY,
                "id",
                SlackConfig.MODE,
                "update",
                SlackConfig.DEDUP_ENABLED,
                "true");
        assertThat(problems(props))
                .containsOnlyKeys(
                        SlackConfig.WEBHOOK_URL,
                        SlackConfig.CHANNEL,
                        SlackConfig.THREAD_KEY,
                        SlackConfig.MODE,
                        SlackConfig.DEDUP_ENABLED);
        assertThat(problems(props).get(SlackConfig.WEBHOOK_URL)).hasSize(4).noneMatch(m -> m.contains("secret"));
        Map<String, String> bad = token(
                SlackConfig.BOT_TOKEN, null, SlackConfig.CHANNEL, null, SlackConfig.WEBHOOK_URL, "not a url secret");
        assertThat(ownProblems(bad))
                .containsOnlyKeys(SlackConfig.WEBHOOK_URL)
                .allSatisfy((key, messages) -> assertThat(messages)
                        .singleElement()
                        .asString()
                        .contains("not a URL")
                        .doesNotContain("secret"));
    }

    @Test
    void updateModeNeedsAKeyAndDigestsNeedPlainPosts() {
        assertThat(problems(token(SlackConfig.MODE, "update")))
                .containsOnlyKeys(SlackConfig.MODE, SlackConfig.THREAD_KEY);
        assertThat(problems(token(SlackConfig.DIGEST_ENABLED, "true", SlackConfig.THREAD_KEY, "incident")))
                .containsOnlyKeys(SlackConfig.DIGEST_ENABLED, SlackConfig.MODE, SlackConfig.THREAD_KEY);
        assertThat(problems(token(SlackConfig.DIGEST_ENABLED, "true"))).isEmpty();
    }

    @Test
    void tombstonesDeleteOnlyInUpdateModeKeyedByTheRecordKey() {
        assertThat(problems(token(SinkConfig.NULL_VALUES, "delete"))).containsKey(SinkConfig.NULL_VALUES);
        assertThat(problems(token(
                        SinkConfig.NULL_VALUES,
                        "delete",
                        SlackConfig.MODE,
                        "update",
                        SlackConfig.THREAD_KEY,
                        "service")))
                .containsKey(SinkConfig.NULL_VALUES);
        assertThat(problems(token(
                        SinkConfig.NULL_VALUES,
                        "delete",
                        SlackConfig.MODE,
                        "update",
                        SlackConfig.THREAD_KEY,
                        "_key.id")))
                .isEmpty();
    }

    @Test
    void templatesAreCheckedOnTheirOwnKeysByValidatorsThatReadWell() {
        assertThat(ownProblems(token(SlackConfig.TEXT_TEMPLATE, "{{{raw}}}", SlackConfig.BLOCKS_TEMPLATE, "[oops")))
                .containsOnlyKeys(SlackConfig.TEXT_TEMPLATE, SlackConfig.BLOCKS_TEMPLATE);
        assertThat(ownProblems(token(SlackConfig.TEXT_TEMPLATE, "*{{service}}* is {{status}}")))
                .isEmpty();
        assertThat(SlackConfig.CONFIG_DEF
                        .configKeys()
                        .get(SlackConfig.TEXT_TEMPLATE)
                        .validator
                        .toString())
                .isEqualTo("a Mustache template in Slack mrkdwn, values escaped");
    }

    @Test
    void channelIdsAndTopicMapsAreValidatedWithReadableRules() {
        ConfigDef def = SlackConfig.CONFIG_DEF;
        assertThatThrownBy(() -> new SlackConfig(token(SlackConfig.CHANNEL, "#general")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a channel id");
        assertThatThrownBy(() -> new SlackConfig(token(SlackConfig.CHANNEL_TOPIC_MAP, "orders=C0123")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic:channelId");
        assertThat(def.configKeys().get(SlackConfig.CHANNEL).validator.toString())
                .isEqualTo("a channel id like C0123ABCD");
        assertThat(new SlackConfig(token(SlackConfig.CHANNEL_TOPIC_MAP, "orders:C0ORDERS, alerts:C0ALERTS"))
                        .topicChannels())
                .containsExactly(Map.entry("orders", "C0ORDERS"), Map.entry("alerts", "C0ALERTS"));
    }

    @Test
    void slackSendsALoneAlertAtOnceAndEveryKeyIsDocumented() {
        ConfigDef merged = SinkConfig.withDestinationKeys(SlackConfig.CONFIG_DEF);
        assertThat(SinkConfig.parse(merged, token()).batchLingerMs()).isZero();
        merged.configKeys().values().forEach(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.displayName).as(key.name).isNotBlank();
        });
        assertThat(merged.configKeys().get(SlackConfig.BOT_TOKEN).type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(merged.configKeys().get(SlackConfig.WEBHOOK_URL).type).isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void independentMistakesAreAllFoundInOnePass() {
        Map<String, String> all = token(
                SlackConfig.WEBHOOK_URL,
                "https://hooks.slack.com/services/T/B/x",
                SlackConfig.MODE,
                "update",
                SlackConfig.DIGEST_ENABLED,
                "true",
                SinkConfig.NULL_VALUES,
                "delete");
        assertThat(problems(all))
                .containsKeys(
                        SlackConfig.BOT_TOKEN,
                        SlackConfig.WEBHOOK_URL,
                        SlackConfig.MODE,
                        SlackConfig.THREAD_KEY,
                        SlackConfig.DIGEST_ENABLED,
                        SinkConfig.NULL_VALUES);
    }

    /** {@code validate()} as the REST API runs it, key by key. */
    private static Map<String, ConfigValue> validated(Map<String, String> props) {
        Map<String, ConfigValue> byName = new HashMap<>();
        new SlackSinkConnector().validate(props).configValues().forEach(value -> byName.put(value.name(), value));
        return byName;
    }

    /** A webhook: no access check, so nothing is called. */
    private static Map<String, String> webhook(String... pairs) {
        Map<String, String> props = token(pairs);
        props.remove(SlackConfig.BOT_TOKEN);
        props.remove(SlackConfig.CHANNEL);
        props.put(SlackConfig.WEBHOOK_URL, "https://hooks.slack.com/services/T/B/secret");
        return props;
    }

    @Test
    void webApiKeysAreHiddenWithAWebhookAndUpdateModeIsNotOffered() {
        Map<String, ConfigValue> hook = validated(webhook());
        for (String key : List.of(
                SlackConfig.CHANNEL,
                SlackConfig.CHANNEL_FIELD,
                SlackConfig.CHANNEL_TOPIC_MAP,
                SlackConfig.THREAD_KEY,
                SlackConfig.API_URL,
                SlackConfig.WORKSPACE_PER_MINUTE,
                SlackConfig.DEDUP_ENABLED,
                SlackConfig.APP_KIND)) {
            assertThat(hook.get(key).visible()).as(key).isFalse();
        }
        assertThat(hook.get(SlackConfig.MODE).recommendedValues()).containsExactly("post");
        assertThat(hook.get(SlackConfig.TEXT_TEMPLATE).visible()).isTrue();

        // a bot token: the definition's own answer (the connector would also call Slack to check the token)
        Map<String, ConfigValue> bot = new HashMap<>();
        new SlackSinkConnector().config().validate(token()).forEach(value -> bot.put(value.name(), value));
        for (String key : List.of(SlackConfig.CHANNEL, SlackConfig.THREAD_KEY, SlackConfig.DEDUP_ENABLED)) {
            assertThat(bot.get(key).visible()).as(key).isTrue();
        }
        assertThat(bot.get(SlackConfig.MODE).recommendedValues()).containsExactly("post", "update");
    }

    @Test
    void digestAndHistoryKeysFollowTheKeysThatTurnThemOn() {
        Map<String, ConfigValue> plain = validated(webhook());
        assertThat(plain.get(SlackConfig.DIGEST_ENABLED).visible()).isTrue();
        assertThat(plain.get(SlackConfig.DIGEST_MAX_RECORDS).visible()).isFalse();
        assertThat(validated(webhook(SlackConfig.DIGEST_ENABLED, "true"))
                        .get(SlackConfig.DIGEST_MAX_RECORDS)
                        .visible())
                .isTrue();

        Map<String, ConfigValue> bot = new HashMap<>();
        new SlackSinkConnector().config().validate(token()).forEach(value -> bot.put(value.name(), value));
        assertThat(bot.get(SlackConfig.APP_KIND).visible())
                .as("nothing reads history")
                .isFalse();
        assertThat(bot.get(SlackConfig.UPDATES_PER_MINUTE).visible()).isFalse();
        new SlackSinkConnector()
                .config()
                .validate(token(SlackConfig.DEDUP_ENABLED, "true"))
                .forEach(value -> bot.put(value.name(), value));
        assertThat(bot.get(SlackConfig.APP_KIND).visible()).isTrue();
        assertThat(bot.get(SlackConfig.APP_KIND).recommendedValues())
                .containsExactly("internal", "marketplace", "non-marketplace");
        assertThat(bot.get(SlackConfig.HISTORY_PAGE_SIZE).visible()).isTrue();
        new SlackSinkConnector()
                .config()
                .validate(token(SlackConfig.MODE, "update", SlackConfig.THREAD_KEY, "_key"))
                .forEach(value -> bot.put(value.name(), value));
        assertThat(bot.get(SlackConfig.UPDATES_PER_MINUTE).visible()).isTrue();
        assertThat(bot.get(SlackConfig.DEDUP_HISTORY_PAGES).visible())
                .as("update mode reads history")
                .isTrue();
        assertThat(bot.get(SlackConfig.DIGEST_ENABLED).visible()).isFalse();
    }

    @Test
    void aHiddenKeyIsStillCheckedAndShownWithItsProblem() {
        // a webhook hides the thread key, but setting one is still refused, on a key the UI shows
        ConfigValue threadKey = validated(webhook(SlackConfig.THREAD_KEY, "id")).get(SlackConfig.THREAD_KEY);
        assertThat(threadKey.errorMessages()).singleElement().asString().contains("needs " + SlackConfig.BOT_TOKEN);
        assertThat(threadKey.visible()).isTrue();
    }

    @Test
    void eachKeyFollowsAtMostOneControllingKey() {
        // Kafka parses a dependent once per key that lists it: a key listed twice would report its errors twice
        List<String> dependents = MERGED.configKeys().values().stream()
                .flatMap(key -> key.dependents.stream())
                .toList();
        assertThat(dependents).doesNotHaveDuplicates();
        assertThat(MERGED.configKeys()).containsKeys(dependents.toArray(String[]::new));
    }
}
