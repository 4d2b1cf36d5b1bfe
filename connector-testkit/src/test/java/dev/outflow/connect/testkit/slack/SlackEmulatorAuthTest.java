package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;

class SlackEmulatorAuthTest extends SlackEmulatorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void authTestDescribesTheBot() throws Exception {
        AuthTestResponse r = methods.authTest(req -> req);

        assertThat(r.isOk()).isTrue();
        assertThat(r.getUrl()).isEqualTo("https://outflow-emulator.slack.com/");
        assertThat(r.getTeam()).isEqualTo("Outflow Emulator");
        assertThat(r.getUser()).isEqualTo("outflow");
        assertThat(r.getTeamId()).isEqualTo(SlackEmulator.TEAM_ID);
        assertThat(r.getUserId()).isEqualTo(SlackEmulator.BOT_USER_ID);
        assertThat(r.getBotId()).isEqualTo(SlackEmulator.BOT_ID);
        assertThat(r.getHttpResponseHeaders()).containsKey("x-oauth-scopes");
        assertThat(emulator.requests("auth.test"))
                .singleElement()
                .satisfies(q -> assertThat(q.header("authorization")).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void aMissingTokenIsNotAuthed() throws Exception {
        assertThat(slack.methods("").authTest(req -> req).getError()).isEqualTo("not_authed");
        HttpResponse<String> raw = rawPost("api/auth.test", "application/x-www-form-urlencoded", "", null);
        assertThat(JSON.readTree(raw.body()).path("error").asText()).isEqualTo("not_authed");
        assertThat(raw.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIsInvalidAuth() throws Exception {
        assertThat(slack.methods("xoxb-nobody").authTest(req -> req).getError()).isEqualTo("invalid_auth");
    }

    @Test
    void aRevokedTokenIsTokenRevoked() throws Exception {
        emulator.revokeToken(TOKEN);
        assertThat(methods.authTest(req -> req).getError()).isEqualTo("token_revoked");
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("hi"))
                        .getError())
                .isEqualTo("token_revoked");
    }

    @Test
    void aTokenInTheFormBodyIsAccepted() throws Exception {
        HttpResponse<String> r = rawPost("api/auth.test", "application/x-www-form-urlencoded", "token=" + TOKEN, null);
        assertThat(JSON.readTree(r.body()).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aTokenInAJsonBodyIsNotReadAsInSlack() throws Exception {
        HttpResponse<String> r = rawPost(
                "api/chat.postMessage",
                "application/json; charset=utf-8",
                "{\"token\":\"" + TOKEN + "\",\"channel\":\"" + CHANNEL_ID + "\",\"text\":\"x\"}",
                null);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("not_authed");
    }

    @Test
    void aMethodWithoutItsScopeIsMissingScopeWithNeededAndProvided() throws Exception {
        String readOnly = emulator.createBotToken("xoxb-read-only", Set.of("channels:history", "channels:read"));

        ChatPostMessageResponse r = slack.methods(readOnly)
                .chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"));

        assertThat(r.isOk()).isFalse();
        assertThat(r.getError()).isEqualTo("missing_scope");
        assertThat(r.getNeeded()).isEqualTo("chat:write");
        assertThat(r.getProvided()).isEqualTo("channels:history,channels:read");
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
    }

    @Test
    void historyNeedsAHistoryScopeAndInfoAReadScope() throws Exception {
        String writeOnly = emulator.createBotToken("xoxb-write-only", Set.of("chat:write"));

        ConversationsHistoryResponse h = slack.methods(writeOnly).conversationsHistory(req -> req.channel(CHANNEL_ID));
        assertThat(h.getError()).isEqualTo("missing_scope");
        assertThat(h.getNeeded()).contains("channels:history");
        assertThat(h.getProvided()).isEqualTo("chat:write");

        ConversationsInfoResponse i = slack.methods(writeOnly).conversationsInfo(req -> req.channel(CHANNEL_ID));
        assertThat(i.getError()).isEqualTo("missing_scope");
        assertThat(i.getNeeded()).contains("channels:read");
    }

    @Test
    void aPrivateChannelNeedsTheGroupsScopes() throws Exception {
        emulator.createPrivateChannel("G0SECRET", "secret");
        String publicOnly =
                emulator.createBotToken("xoxb-public", Set.of("chat:write", "channels:history", "channels:read"));

        ConversationsHistoryResponse h = slack.methods(publicOnly).conversationsHistory(req -> req.channel("G0SECRET"));
        assertThat(h.getError()).isEqualTo("missing_scope");
        assertThat(h.getNeeded()).isEqualTo("groups:history");
    }

    @Test
    void errorsAreHttp200WithOkFalse() throws Exception {
        HttpResponse<String> r =
                rawPost("api/auth.test", "application/x-www-form-urlencoded", "", "Bearer xoxb-nobody");
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body.path("ok").asBoolean(true)).isFalse();
        assertThat(body.path("error").asText()).isEqualTo("invalid_auth");
    }

    @Test
    void anUnknownMethodIs404UnknownMethod() throws Exception {
        HttpResponse<String> r = rawPost("api/chat.nope", "application/x-www-form-urlencoded", "", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unknown_method");
    }
}
