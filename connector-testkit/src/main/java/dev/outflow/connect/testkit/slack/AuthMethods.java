package dev.outflow.connect.testkit.slack;

import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_USER_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_USER_NAME;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.TEAM_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.TEAM_NAME;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.TEAM_URL;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Token;

/** Tokens: who calls (a bearer header or a form field), whether Slack knows them, and auth.test. */
final class AuthMethods {

    private final SlackWorkspace ws;

    AuthMethods(SlackWorkspace ws) {
        this.ws = ws;
    }

    Token authenticate(ApiArgs args, String authorization) {
        String value = null;
        String auth = authorization == null ? "" : authorization.trim();
        if (auth.regionMatches(true, 0, "Bearer", 0, 6) && (auth.length() == 6 || auth.charAt(6) == ' ')) {
            value = auth.substring(6).trim();
        }
        if (value == null || value.isEmpty()) {
            value = args.formToken;
        }
        if (value == null || value.isEmpty()) {
            throw new ApiError("not_authed");
        }
        Token t = ws.tokens.get(value);
        if (t == null) {
            throw new ApiError("invalid_auth");
        }
        if (t.revoked) {
            throw new ApiError("token_revoked");
        }
        return t;
    }

    static ApiError missingScope(String needed, Token token) {
        return new ApiError("missing_scope").with("needed", needed).with("provided", token.scopeList());
    }

    ObjectNode authTest(SlackWorkspace.Call c) {
        ObjectNode o = ws.views.ok();
        o.put("url", TEAM_URL);
        o.put("team", TEAM_NAME);
        o.put("user", BOT_USER_NAME);
        o.put("team_id", TEAM_ID);
        o.put("user_id", BOT_USER_ID);
        o.put("bot_id", BOT_ID);
        o.put("is_enterprise_install", false);
        return o;
    }
}
