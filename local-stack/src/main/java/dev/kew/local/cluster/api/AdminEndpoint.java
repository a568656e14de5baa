package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.ApiError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Faults on demand, for tests and for people trying the producer ({@code curl -X POST}):
 *
 * <ul>
 *   <li>{@code POST /kew/faults/close-watches}: ends every open watch now;
 *   <li>{@code POST /kew/faults/expire-history}: drops the retained history (and closes every
 *       watch), so watches from an earlier resourceVersion get 410 Gone;
 *   <li>{@code POST /kew/faults/unavailable?seconds=N}: answers 503 to everything for N seconds (1
 *       to 3600) and closes every watch.
 * </ul>
 *
 * Each answers 200 with a one-line JSON summary; these paths stay up while the API is unavailable.
 */
final class AdminEndpoint {

  static final String PREFIX = "/kew/faults/";
  private static final int MAX_SECONDS = 3600;

  private final ApiServer server;

  AdminEndpoint(ApiServer server) {
    this.server = server;
  }

  void handle(HttpServerRequest request) {
    try {
      if (request.method() != HttpMethod.POST) {
        throw new ApiError(405, "MethodNotAllowed", "faults are triggered with POST");
      }
      String fault = request.path().substring(PREFIX.length());
      String answer =
          switch (fault) {
            case "close-watches" -> "{\"closedWatches\":" + server.closeAllWatches() + "}";
            case "expire-history" -> {
              server.expireHistory();
              yield "{\"expired\":true}";
            }
            case "unavailable" -> {
              int seconds = seconds(request.getParam("seconds"));
              server.makeUnavailable(Duration.ofSeconds(seconds));
              yield "{\"unavailableSeconds\":" + seconds + "}";
            }
            default ->
                throw new ApiError(
                    404,
                    "NotFound",
                    "no such fault; try close-watches, expire-history or unavailable?seconds=N");
          };
      Responses.json(request.response(), 200, answer.getBytes(StandardCharsets.UTF_8));
    } catch (ApiError e) {
      Responses.error(request.response(), e);
    }
  }

  private static int seconds(String value) {
    try {
      int seconds = Integer.parseInt(value == null ? "" : value.trim());
      if (seconds >= 1 && seconds <= MAX_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest("seconds must be a whole number from 1 to " + MAX_SECONDS);
  }
}
