package dev.kew.consumer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.Events;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --uid}/{@code --object} with {@code --history-url}: answered by a history service (here a
 * recorded one on loopback, answering as {@code kew history serve} does) instead of a topic scan.
 */
class HistoryServiceTest {

  private static final String UID = "uid-Deployment-web";

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> answers = new HashMap<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void theObjectsEventsArePrintedOldestFirstAcrossPagesAndAnInvalidEnvelopeIsSkipped() {
    ChangeEvent added = Events.deployment(EventType.ADDED, "prod", "web", "5");
    ChangeEvent modified = Events.deployment(EventType.MODIFIED, "prod", "web", "9");
    ObjectNode hostile = (ObjectNode) EventCodec.mapper().valueToTree(modified);
    hostile.put("name", "../../etc");
    answers.put(
        "/api/v1/history?uid=" + UID + "&from=2026-11-24T00%3A00%3A00Z&limit=1000",
        "{\"events\":[{\"ref\":\"0-9\"},{\"ref\":\"0-8\"}],\"nextCursor\":\"c1\"}");
    answers.put(
        "/api/v1/history?uid=" + UID + "&from=2026-11-24T00%3A00%3A00Z&limit=1000&cursor=c1",
        "{\"events\":[{\"ref\":\"0-5\"},{\"ref\":\"../admin\"}],\"nextCursor\":null}");
    answers.put("/api/v1/events/0-9", detail(EventCodec.toJson(modified)));
    answers.put("/api/v1/events/0-8", detail(hostile.toString()));
    answers.put("/api/v1/events/0-5", detail(EventCodec.toJson(added)));

    String printed =
        run("--uid", UID, "--since", "2026-11-24T00:00:00Z", "--output", "json", "--history-url");

    assertThat(printed.lines().map(line -> EventCodec.fromBytes(line.getBytes()).id()))
        .containsExactly(added.id(), modified.id());
    assertThat(requests).noneMatch(r -> r.contains("admin"));
  }

  @Test
  void anObjectIsAskedForByKindNamespaceAndName() {
    answers.put(
        "/api/v1/history?kind=Deployment&namespace=prod&name=web&limit=1000",
        "{\"events\":[],\"nextCursor\":null}");

    String printed = run("--object", "Deployment/prod/web", "--history-url");

    assertThat(printed).isEmpty();
    assertThat(requests)
        .containsExactly("/api/v1/history?kind=Deployment&namespace=prod&name=web&limit=1000");
  }

  @Test
  void aRefusalOfTheServiceEndsTheRunSayingWhatItAnswered() {
    assertThatThrownBy(() -> run("--uid", UID, "--history-url"))
        .isInstanceOf(HistoryService.HistoryServiceException.class)
        .hasMessageContaining("answered 400")
        .hasMessageContaining("no such question");
  }

  @Test
  void aHistoryUrlMustBeAnHttpUrl() {
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--bootstrap-servers", "127.0.0.1:9", "--uid", UID, "--history-url", "ftp://x"))
        .hasMessageContaining("--history-url (env KEW_HISTORY_URL) must be an absolute http://");
  }

  /** Runs the consumer with {@code args} followed by the stub's URL. */
  private String run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--bootstrap-servers";
    all[1] = "127.0.0.1:9";
    System.arraycopy(args, 0, all, 2, args.length);
    all[all.length - 1] = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventConsumer(
            ConsumerCommand.parseSettings(all), new PrintStream(out, true, StandardCharsets.UTF_8))
        .run();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String detail(String envelope) {
    return "{\"event\":{},\"envelope\":" + envelope + ",\"previous\":null,\"before\":null}";
  }

  private void answer(HttpExchange exchange) throws IOException {
    String asked = exchange.getRequestURI().toString();
    requests.add(asked);
    String body = answers.get(asked);
    int status = body == null ? 400 : 200;
    byte[] bytes =
        (body == null ? "{\"error\":\"no such question\"}" : body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
