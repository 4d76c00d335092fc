package org.stakechain.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it cannot parse, headers or a URI above its limits, bad percent-encoding)
 * in the API's shape, {@code {"error","detail"}}, instead of Jetty's HTML page. Never a stack trace: the detail is
 * the status's reason, plus Jetty's message when that is a short plain sentence.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        fields.put(ERROR_CACHE_CONTROL);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        String detail = message != null && !message.equals(reason) && message.length() <= 120
                && message.matches("[A-Za-z0-9 ,:;=()'_/+-]*") ? reason + ": " + message : reason;
        String json = JSON.createObjectNode().put("error", code(status)).put("detail", detail).toString();
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
    }
}
