package dev.kew.history.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.index.Text;
import dev.kew.model.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code kew history show} from a history service: the object's history page by page (at
 * most {@value #MAX_EVENTS} events), or its state at a moment.
 */
public final class HistoryClient {

  /** Most events printed for one object. */
  public static final int MAX_EVENTS = 10_000;

  private static final ObjectMapper JSON = EventCodec.mapper();

  private final URI base;
  private final String token;
  private final HttpClient http;

  /**
   * @param base the service's URL, e.g. {@code http://127.0.0.1:8081/}
   * @param token the bearer token, or {@code null}
   */
  public HistoryClient(URI base, String token) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The object's events, oldest first, and with {@code at} its state at that moment. */
  public ObjectAnswer answer(ObjectRef ref, String cluster, Instant at)
      throws IOException, InterruptedException {
    Map<String, String> object = new LinkedHashMap<>();
    object.put("kind", ref.kind());
    object.put("namespace", ref.namespace());
    object.put("name", ref.name());
    object.put("cluster", cluster);
    if (at != null) {
      Map<String, String> params = new LinkedHashMap<>(object);
      params.put("at", at.toString());
      JsonNode state = get("api/v1/state", params);
      if (state == null) {
        return new ObjectAnswer(List.of(), null, null);
      }
      return new ObjectAnswer(
          List.of(), JSON.treeToValue(state.get("event"), IndexedEvent.class), state.get("object"));
    }
    List<IndexedEvent> events = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, String> params = new LinkedHashMap<>(object);
      params.put("limit", "1000");
      params.put("cursor", cursor);
      JsonNode page = get("api/v1/history", params);
      if (page == null) {
        break;
      }
      for (JsonNode event : page.path("events")) {
        events.add(JSON.treeToValue(event, IndexedEvent.class));
      }
      cursor = page.path("nextCursor").asText(null);
    } while (cursor != null && events.size() < MAX_EVENTS);
    Collections.reverse(events);
    return new ObjectAnswer(events, null, null);
  }

  /** The JSON answer, or {@code null} for 404. */
  private JsonNode get(String path, Map<String, String> params)
      throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder();
    params.forEach(
        (key, value) -> {
          if (value != null) {
            query.append(query.length() == 0 ? "?" : "&");
            query.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path + query)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return null;
    }
    if (response.statusCode() != 200) {
      String message = new String(response.body(), StandardCharsets.UTF_8);
      try {
        message = JSON.readTree(response.body()).path("error").asText(message);
      } catch (IOException notJson) {
        // keep the body as it is
      }
      throw new IOException(
          "the history service answered " + response.statusCode() + ": " + Text.clip(message, 500));
    }
    return JSON.readTree(response.body());
  }
}
