package dev.outflow.connect.testkit.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Slack error answer: {@code {"ok":false,"error":code,...}}, HTTP 200 unless said otherwise. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;
    final int status;
    final Map<String, Object> extra = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiError(String code) {
        this(code, 200);
    }

    ApiError(String code, int status) {
        super(code, null, false, false);
        this.code = code;
        this.status = status;
    }

    ApiError with(String field, Object value) {
        extra.put(field, value);
        return this;
    }

    ApiError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds {@code response_metadata.messages}, as Slack does for argument and block errors. */
    ApiError messages(List<String> messages) {
        extra.put("response_metadata", Map.of("messages", List.copyOf(messages)));
        return this;
    }
}
