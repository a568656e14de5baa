package dev.kew.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

  static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "default", "uid": "u1", "resourceVersion": "48213"},
       "spec": {"replicas": 5, "template": {"spec": {"containers": [
         {"name": "web", "image": "nginx:1.27"}, {"image": "sidecar:2"}]}}}}
      """;

  static ChangeEvent modified(String object, String patch) throws Exception {
    JsonNode tree = EventCodec.mapper().readTree(object);
    return ChangeEvent.of(EventType.MODIFIED, "c", Instant.parse("2026-11-24T14:03:07Z"), tree)
        .withPatch(EventCodec.mapper().readTree(patch));
  }

  @Test
  void replacedValuesShowOldAndNewAndNamedArrayElementsTheirName() throws Exception {
    ChangeEvent event =
        modified(
            DEPLOYMENT,
            """
            [{"op":"replace","path":"/metadata/resourceVersion","value":"48213","fromValue":"48100"},
             {"op":"replace","path":"/spec/replicas","value":5,"fromValue":2},
             {"op":"replace","path":"/spec/template/spec/containers/0/image",
              "value":"nginx:1.27","fromValue":"nginx:1.25"},
             {"op":"replace","path":"/spec/template/spec/containers/1/image",
              "value":"sidecar:2","fromValue":"sidecar:1"}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue(
            "spec.replicas 2->5, spec.template.spec.containers[web].image nginx:1.25->nginx:1.27,"
                + " spec.template.spec.containers[1].image sidecar:1->sidecar:2");
  }

  @Test
  void atMostThreePathsThenHowManyMore() throws Exception {
    ChangeEvent event =
        modified(
            DEPLOYMENT,
            """
            [{"op":"add","path":"/metadata/labels","value":{"a":"b"}},
             {"op":"add","path":"/metadata/annotations/example.com~1team","value":"pay"},
             {"op":"remove","path":"/spec/template/spec/containers/1"},
             {"op":"replace","path":"/spec/replicas","value":5,"fromValue":4},
             {"op":"replace","path":"/spec/paused","value":true,"fromValue":false}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue(
            "metadata.labels +{a}, metadata.annotations.example.com/team +pay,"
                + " spec.template.spec.containers[1] removed, +2 more");
  }

  @Test
  void longValuesAreShortened() throws Exception {
    ChangeEvent event =
        modified(
            DEPLOYMENT,
            """
            [{"op":"replace","path":"/spec/template/spec/containers/0/image",
              "value":"registry.example.com/team/very/long/image/name:1.2.3",
              "fromValue":"nginx:1.25"}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue(
            "spec.template.spec.containers[web].image nginx:1.25->registry.example.com/team/very/…");
  }

  @Test
  void longValuesThatShareTheirStartShowWhereTheyDiffer() throws Exception {
    ChangeEvent event =
        modified(
            DEPLOYMENT,
            """
            [{"op":"replace","path":"/spec/template/spec/containers/0/image",
              "value":"registry.example.com/shop/web:1.5.0",
              "fromValue":"registry.example.com/shop/web:1.4.2"},
             {"op":"replace","path":"/metadata/annotations/note",
              "value":"rolled out by the release pipeline at 14:02 after approval",
              "fromValue":"rolled out by the release pipeline at 09:15 after approval"}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue(
            "spec.template.spec.containers[web].image …/web:1.4.2->…/web:1.5.0,"
                + " metadata.annotations.note … 09:15 after approval->… 14:02 after approval");
  }

  @Test
  void objectsShowAsTheirKeysNeverTheirValues() throws Exception {
    ChangeEvent event =
        modified(
            DEPLOYMENT,
            """
            [{"op":"add","path":"/metadata/annotations","value":{"kew.dev/rotated-at":"2026"}},
             {"op":"add","path":"/spec/template/spec/containers/-",
              "value":{"name":"proxy","image":"envoy:1.30","resources":{"limits":{"cpu":"1"}}}},
             {"op":"add","path":"/metadata/labels","value":{
              "app.kubernetes.io/name":"web","app.kubernetes.io/part-of":"shop","team":"pay"}}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue(
            "metadata.annotations +{kew.dev/rotated-at},"
                + " spec.template.spec.containers[-] +{name, image, resources},"
                + " metadata.labels +{app.kubernetes.io/name, …}");
  }

  @Test
  void redactedValuesAreNeverShownOnlyThatTheyChanged() throws Exception {
    ChangeEvent event =
        modified(
            """
            {"apiVersion": "v1", "kind": "Secret",
             "metadata": {"name": "db", "uid": "u2", "resourceVersion": "9"},
             "data": {"password": "<redacted sha256:cdb6fab1>", "user": "<redacted sha256:00aa11bb>"}}
            """,
            """
            [{"op":"replace","path":"/data/password",
              "value":"<redacted sha256:cdb6fab1>","fromValue":"<redacted sha256:c2d61b6e>"},
             {"op":"add","path":"/data/user","value":"<redacted sha256:00aa11bb>"},
             {"op":"remove","path":"/data/old"}]
            """);
    ChangeEvent firstData =
        modified(
            """
            {"apiVersion": "v1", "kind": "Secret",
             "metadata": {"name": "db", "uid": "u2", "resourceVersion": "10"},
             "data": {"token": "<redacted sha256:0f1e2d3c>"}}
            """,
            """
            [{"op":"add","path":"/data","value":{"token":"<redacted sha256:0f1e2d3c>"}}]
            """);

    assertThat(ChangeSummary.of(event))
        .hasValue("data.password changed, data.user added, data.old removed");
    assertThat(ChangeSummary.of(firstData)).hasValue("data +{token}");
  }

  @Test
  void noPatchOrOnlyBookkeepingGivesNoSummary() throws Exception {
    JsonNode object = EventCodec.mapper().readTree(DEPLOYMENT);
    ChangeEvent withoutPatch =
        ChangeEvent.of(EventType.MODIFIED, "c", Instant.parse("2026-11-24T14:03:07Z"), object);
    ChangeEvent bookkeeping =
        modified(
            DEPLOYMENT,
            """
            [{"op":"replace","path":"/metadata/resourceVersion","value":"2","fromValue":"1"},
             {"op":"replace","path":"/metadata/generation","value":2,"fromValue":1}]
            """);

    assertThat(ChangeSummary.of(withoutPatch)).isEmpty();
    assertThat(ChangeSummary.of(bookkeeping)).isEmpty();
  }
}
