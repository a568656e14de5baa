package dev.kew.consumer.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.consumer.output.EventFormatter;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EnvelopeReader;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import dev.kew.ops.PrintableText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code --uid}/{@code --object} from a history service ({@code kew history serve}, given
 * by {@code --history-url}) instead of scanning the topic: pages through the object's events (GET
 * {@code /api/v1/history}, newest first), reads each event's envelope (GET {@code
 * /api/v1/events/{ref}}), checks it with {@link EnvelopeReader} as a record from the topic is
 * checked, and prints the events oldest first, as a scan would.
 */
public final class HistoryService {

  private static final Logger log = LoggerFactory.getLogger(HistoryService.class);

  /** Events asked for per page: the API's maximum. */
  static final int PAGE_SIZE = 1000;

  /** The most events one history prints (the newest); the rest are left out with a warning. */
  static final int MAX_EVENTS = 10_000;

  /** The most bytes of one answer read. */
  static final int MAX_BODY_BYTES = 16 << 20;

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** An event's permanent address, {@code partition-offset}. */
  private static final Pattern REF = Pattern.compile("\\d{1,9}-\\d{1,19}");

  private static final int MAX_REASON_CHARS = 200;

  private final String base;
  private final ObjectQuery query;
  private final Optional<Instant> since;
  private final Optional<Instant> until;
  private final EventFormatter formatter;
  private final PrintStream out;
  private final HttpClient http;

  public HistoryService(
      URI base,
      ObjectQuery query,
      Optional<Instant> since,
      Optional<Instant> until,
      EventFormatter formatter,
      PrintStream out) {
    this.base = base.toString().replaceAll("/+$", "");
    this.query = query;
    this.since = since;
    this.until = until;
    this.formatter = formatter;
    this.out = out;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /**
   * Asks, prints and returns the number of events printed.
   *
   * @throws HistoryServiceException when the service cannot be reached or refuses the question
   */
  public int run() {
    List<String> refs = refsNewestFirst();
    Collections.reverse(refs);
    int printed = 0;
    for (String ref : refs) {
      Optional<ChangeEvent> event = envelope(ref).filter(query::matches);
      if (event.isPresent()) {
        out.println(formatter.format(event.get()));
        printed++;
      }
    }
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("Cannot write to the output"));
    }
    log.info("Printed {} events of {} from the history service {}", printed, query, base);
    return printed;
  }

  private List<String> refsNewestFirst() {
    List<String> refs = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Answer answer = get("/api/v1/history?" + parameters(cursor));
      if (answer.status() != 200) {
        throw answer.refused("the object's history");
      }
      JsonNode page = answer.json();
      for (JsonNode event : page.path("events")) {
        String ref = event.path("ref").asText("");
        if (REF.matcher(ref).matches() && refs.size() < MAX_EVENTS) {
          refs.add(ref);
        }
      }
      JsonNode next = page.path("nextCursor");
      cursor =
          next.isTextual() && !next.asText().isEmpty()
              ? Optional.of(next.asText())
              : Optional.empty();
    } while (cursor.isPresent() && refs.size() < MAX_EVENTS);
    if (cursor.isPresent()) {
      log.warn("{} has more than {} events; printing the newest {}", query, MAX_EVENTS, MAX_EVENTS);
    }
    return refs;
  }

  private String parameters(Optional<String> cursor) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query.uid() != null) {
      parameters.put("uid", query.uid());
    } else {
      parameters.put("kind", query.kind());
      if (query.namespace() != null) {
        parameters.put("namespace", query.namespace());
      }
      parameters.put("name", query.name());
    }
    since.ifPresent(t -> parameters.put("from", t.toString()));
    until.ifPresent(t -> parameters.put("to", t.toString()));
    parameters.put("limit", String.valueOf(PAGE_SIZE));
    cursor.ifPresent(c -> parameters.put("cursor", c));
    return parameters.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The envelope of one event; empty when it is gone (retention) or not a valid envelope. */
  private Optional<ChangeEvent> envelope(String ref) {
    Answer answer = get("/api/v1/events/" + ref);
    if (answer.status() == 404) {
      log.warn("Event {} is no longer in the topic; skipping it", ref);
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw answer.refused("event " + ref);
    }
    JsonNode envelope = answer.json().path("envelope");
    try {
      byte[] bytes = EventCodec.mapper().writeValueAsBytes(envelope);
      return Optional.of(EnvelopeReader.read(envelope.path("uid").asText(null), bytes));
    } catch (MalformedEventException | JsonProcessingException e) {
      log.warn(
          "Skipping event {}: not a valid change event: {}",
          ref,
          PrintableText.cut(e.getMessage(), MAX_REASON_CHARS));
      return Optional.empty();
    }
  }

  private Answer get(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("User-Agent", "kube-event-watcher")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
          throw new HistoryServiceException(
              "the history service at "
                  + base
                  + " answered more than "
                  + MAX_BODY_BYTES
                  + " bytes");
        }
        return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new HistoryServiceException(
          "cannot reach the history service at " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryServiceException("interrupted while asking the history service", e);
    }
  }

  /** One answer of the service. */
  private record Answer(int status, String body) {

    JsonNode json() {
      try {
        return EventCodec.mapper().readTree(body);
      } catch (JsonProcessingException e) {
        throw new HistoryServiceException("the history service answered something not JSON", e);
      }
    }

    HistoryServiceException refused(String what) {
      return new HistoryServiceException(
          "the history service answered "
              + status
              + " when asked for "
              + what
              + ": "
              + PrintableText.cut(body, MAX_REASON_CHARS));
    }
  }

  /** The history service could not answer. */
  public static final class HistoryServiceException extends RuntimeException {
    HistoryServiceException(String message) {
      super(message);
    }

    HistoryServiceException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
