package dev.kew.history;

import static dev.kew.history.HistoryFixture.get;
import static dev.kew.history.HistoryFixture.json;
import static dev.kew.history.Scenario.DB;
import static dev.kew.history.Scenario.SETTINGS;
import static dev.kew.history.Scenario.WEB;
import static dev.kew.history.Scenario.WEB_AGAIN;
import static dev.kew.history.Scenario.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.kew.testing.SharedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over a known history written to a real broker ({@link Scenario}). */
class HistoryApiTest {

  @TempDir static Path indexDir;
  static HistoryApp app;
  static int port;

  @BeforeAll
  static void start() {
    String topic = SharedKafka.createTopic("history-api", 3);
    HistoryFixture.write(topic, Scenario.events());
    app = HistoryFixture.start(topic, indexDir);
    port = app.port();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<String> field(JsonNode array, String name) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(e -> e.path(name).asText())
        .toList();
  }

  @Test
  void eventsComeNewestFirstPageByPageWithoutGapsOrRepeats() {
    List<String> times = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = json(port, "/api/v1/events?limit=3" + cursor);
      times.addAll(field(page.path("events"), "observedAt"));
      cursor =
          page.path("nextCursor").isNull() ? null : "&cursor=" + page.path("nextCursor").asText();
    } while (cursor != null);

    assertThat(times)
        .containsExactly(
            minutes(40).toString(),
            minutes(30).toString(),
            minutes(20).toString(),
            minutes(15).toString(),
            minutes(10).toString(),
            minutes(2).toString(),
            minutes(1).toString(),
            minutes(0).toString());
  }

  @Test
  void eventsAreFilteredByKindNamespaceNameGlobTypeAndTime() {
    assertThat(field(json(port, "/api/v1/events?kind=deployment&type=ADDED").path("events"), "uid"))
        .containsExactly(WEB_AGAIN, DB, WEB);
    assertThat(field(json(port, "/api/v1/events?namespace=payments").path("events"), "uid"))
        .containsOnly(SETTINGS)
        .hasSize(2);
    assertThat(field(json(port, "/api/v1/events?name=w*&type=DELETED").path("events"), "uid"))
        .containsExactly(WEB);
    assertThat(
            field(
                json(port, "/api/v1/events?from=" + minutes(10) + "&to=" + minutes(20))
                    .path("events"),
                "observedAt"))
        .containsExactly(minutes(20).toString(), minutes(15).toString(), minutes(10).toString());
  }

  @Test
  void whoChangedAPathIsAnsweredByPathAndManager() {
    JsonNode replicas = json(port, "/api/v1/events?path=spec.replicas").path("events");
    JsonNode underSpec = json(port, "/api/v1/events?path=spec&manager=helm").path("events");

    assertThat(replicas).hasSize(1);
    assertThat(replicas.get(0).path("changedBy").get(0).path("manager").asText())
        .isEqualTo("kubectl-edit");
    assertThat(replicas.get(0).path("summary").asText()).isEqualTo("spec.replicas 2->5");
    assertThat(field(underSpec, "observedAt")).containsExactly(minutes(20).toString());
    assertThat(underSpec.get(0).path("changedPaths").get(0).asText())
        .isEqualTo("spec.template.spec.containers.*.image");
  }

  @Test
  void labelSelectorsMatchTheLabelsAtEachEvent() {
    assertThat(field(json(port, "/api/v1/events?labelSelector=app%3Ddb").path("events"), "uid"))
        .containsExactly(DB);
    assertThat(
            field(
                json(port, "/api/v1/events?kind=Deployment&labelSelector=tier%20notin%20(data),app")
                    .path("events"),
                "uid"))
        .doesNotContain(DB)
        .contains(WEB, WEB_AGAIN);
  }

  @Test
  void oneObjectsHistorySpansItsRecreationsUnderTheSameName() {
    JsonNode byName =
        json(port, "/api/v1/history?kind=Deployment&namespace=shop&name=web").path("events");
    JsonNode byUid = json(port, "/api/v1/history?uid=" + WEB).path("events");

    assertThat(field(byName, "type"))
        .containsExactly("ADDED", "DELETED", "MODIFIED", "MODIFIED", "ADDED");
    assertThat(field(byName, "uid")).startsWith(WEB_AGAIN).endsWith(WEB);
    assertThat(byUid).hasSize(4);
  }

  @Test
  void timeTravelShowsADeletedObjectAsItWasAndSaysItIsGoneAfterwards() {
    JsonNode before = json(port, "/api/v1/state?uid=" + WEB + "&at=" + minutes(25));
    JsonNode after = json(port, "/api/v1/state?uid=" + WEB + "&at=" + minutes(35));

    assertThat(before.path("exists").asBoolean()).isTrue();
    assertThat(before.at("/object/spec/template/spec/containers/0/image").asText())
        .isEqualTo("web:1.5");
    assertThat(after.path("exists").asBoolean()).isFalse();
    assertThat(after.path("event").path("type").asText()).isEqualTo("DELETED");
    assertThat(get(port, "/api/v1/state?uid=" + WEB + "&at=" + minutes(-5)).statusCode())
        .isEqualTo(404);
  }

  @Test
  void stateIsAlsoServedAsYaml() {
    HttpResponse<String> yaml =
        get(
            port,
            "/api/v1/state?kind=ConfigMap&namespace=payments&name=settings&format=yaml&at="
                + minutes(3));

    assertThat(yaml.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(yaml.body()).contains("kind: \"ConfigMap\"").contains("mode: \"v1\"");
  }

  @Test
  void diffBetweenTwoMomentsIsTheJsonPatchFromOneStateToTheOther() {
    JsonNode diff =
        json(port, "/api/v1/diff?uid=" + WEB + "&from=" + minutes(5) + "&to=" + minutes(25));

    assertThat(JsonPatch.apply(diff.path("patch"), diff.at("/from/object")))
        .as("zjsonpatch applies the patch to the first state")
        .isEqualTo(diff.at("/to/object"));
    assertThat(field(diff.path("patch"), "path"))
        .containsExactlyInAnyOrder(
            "/metadata/resourceVersion",
            "/spec/replicas",
            "/spec/template/spec/containers/0/image");
    assertThat(diff.at("/from/object/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void aChangeOpensWithItsPatchWhoMadeItAndTheStateBefore() {
    JsonNode scaled = json(port, "/api/v1/events?path=spec.replicas").path("events").get(0);
    JsonNode detail = json(port, "/api/v1/events/" + scaled.path("ref").asText());

    assertThat(detail.at("/envelope/patch/0/fromValue").asInt()).isEqualTo(2);
    assertThat(detail.at("/envelope/object/spec/replicas").asInt()).isEqualTo(5);
    assertThat(detail.at("/before/spec/replicas").asInt()).isEqualTo(2);
    assertThat(detail.at("/event/changedBy/0/manager").asText()).isEqualTo("kubectl-edit");
    assertThat(detail.at("/previous/type").asText()).isEqualTo("ADDED");
    assertThat(get(port, "/api/v1/events/0-999999").statusCode()).isEqualTo(404);
    assertThat(get(port, "/api/v1/events/not-a-ref").statusCode()).isEqualTo(400);
  }

  @Test
  void snapshotListsTheObjectsThatExistedAtAMoment() {
    JsonNode at25 =
        json(port, "/api/v1/snapshot?namespace=shop&at=" + minutes(25) + "&objects=true");
    JsonNode at35 = json(port, "/api/v1/snapshot?namespace=shop&at=" + minutes(35));

    assertThat(at25.path("total").asInt()).isEqualTo(2);
    assertThat(
            StreamSupport.stream(at25.path("objects").spliterator(), false)
                .map(o -> o.at("/event/name").asText()))
        .containsExactly("db", "web");
    assertThat(at25.at("/objects/1/object/spec/replicas").asInt()).isEqualTo(5);
    assertThat(
            StreamSupport.stream(at35.path("objects").spliterator(), false)
                .map(o -> o.at("/event/name").asText()))
        .containsExactly("db");
  }

  @Test
  void comparingTwoMomentsListsObjectsAddedRemovedAndChanged() {
    JsonNode compare =
        json(port, "/api/v1/snapshot/compare?from=" + minutes(5) + "&to=" + minutes(45));

    assertThat(field(compare.path("added"), "uid")).containsExactly(WEB_AGAIN);
    assertThat(field(compare.path("removed"), "uid")).containsExactly(WEB);
    assertThat(field(compare.path("changed"), "uid")).containsExactly(SETTINGS);
  }

  @Test
  void timelineHasARowPerObjectWithAMarkPerChange() {
    JsonNode timeline =
        json(
            port,
            "/api/v1/timeline?from=" + minutes(0) + "&to=" + minutes(60) + "&kind=Deployment");

    assertThat(timeline.path("totalRows").asInt()).isEqualTo(3);
    JsonNode web =
        StreamSupport.stream(timeline.path("rows").spliterator(), false)
            .filter(r -> r.at("/object/uid").asText().equals(WEB))
            .findFirst()
            .orElseThrow();
    assertThat(field(web.path("marks"), "type"))
        .containsExactly("ADDED", "MODIFIED", "MODIFIED", "DELETED");
    assertThat(web.path("changes").asInt()).isEqualTo(4);
    assertThat(timeline.at("/rows/0/object/uid").asText()).isEqualTo(WEB_AGAIN);
  }

  @Test
  void histogramCountsChangesPerBucketAndType() {
    JsonNode histogram =
        json(port, "/api/v1/histogram?from=" + minutes(0) + "&to=" + minutes(59) + "&bucket=10m");

    assertThat(histogram.path("buckets")).hasSize(6);
    assertThat(histogram.at("/buckets/0/counts/ADDED").asInt()).isEqualTo(3);
    assertThat(histogram.at("/buckets/1/counts/MODIFIED").asInt()).isEqualTo(2);
    assertThat(histogram.at("/buckets/3/counts/DELETED").asInt()).isEqualTo(1);
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() {
    HttpResponse<String> badTime = get(port, "/api/v1/events?from=yesterday");
    HttpResponse<String> badLimit = get(port, "/api/v1/events?limit=100000");
    HttpResponse<String> badSelector = get(port, "/api/v1/events?labelSelector=%3D%3D");
    HttpResponse<String> noObject = get(port, "/api/v1/state?kind=Deployment");

    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(badTime.body()).contains("from:").contains("now-DURATION");
    assertThat(badLimit.body()).contains("limit must be a whole number from 1 to 1000");
    assertThat(badSelector.statusCode()).isEqualTo(400);
    assertThat(noObject.body()).contains("give uid, or kind and name");
  }

  @Test
  void statusSaysTheIndexCaughtUp() {
    JsonNode status = json(port, "/api/v1/status");

    assertThat(status.path("caughtUp").asBoolean()).isTrue();
    assertThat(status.path("events").asInt()).isEqualTo(8);
    assertThat(status.path("newest").asText()).isEqualTo(minutes(40).toString());
  }

  @Test
  void theUiAndTheApiReferenceAreServedFromTheJar() {
    HttpResponse<String> page = get(port, "/");
    HttpResponse<String> docs = get(port, "/api/docs.html");
    String bundle =
        docs.body().replaceAll("(?s).*src=\"(/webjars/swagger-ui/[^\"]+bundle\\.js)\".*", "$1");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(bundle).startsWith("/webjars/swagger-ui/5.");
    assertThat(get(port, bundle).statusCode()).isEqualTo(200);
    assertThat(get(port, "/api/openapi.yaml").body()).startsWith("openapi: 3.");
  }
}
