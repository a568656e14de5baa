package dev.kew.consumer.output;

import static dev.kew.consumer.Events.OBSERVED_AT;
import static dev.kew.consumer.Events.deployment;
import static dev.kew.consumer.Events.event;
import static dev.kew.consumer.Events.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

  @Test
  void prettyPrintsTimeToTheSecondTypeApiVersionKindQualifiedNameAndResourceVersion() {
    String line =
        new PrettyFormatter().format(deployment(EventType.MODIFIED, "default", "web", "48213"));

    assertThat(line)
        .isEqualTo("2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web rv=48213");
  }

  @Test
  void prettyPrintsJustTheNameOfClusterScopedObjectsAndPadsTheType() {
    String line = new PrettyFormatter().format(namespace(EventType.ADDED, "team-a", "7"));

    assertThat(line).isEqualTo("2026-11-24T14:03:07Z ADDED    v1 Namespace team-a rv=7");
  }

  @Test
  void prettyAlignsTheColumnsOfConsecutiveLines() {
    PrettyFormatter formatter = new PrettyFormatter();

    String first =
        formatter.format(
            event(EventType.MODIFIED, "apps/v1", "Deployment", "kube-system", "coredns", "10"));
    String second = formatter.format(event(EventType.DELETED, "v1", "Pod", "default", "a", "11"));

    assertThat(first)
        .isEqualTo("2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment kube-system/coredns rv=10");
    assertThat(second)
        .isEqualTo("2026-11-24T14:03:07Z DELETED  v1      Pod        default/a           rv=11");
  }

  @Test
  void sentenceNamesKindNamespaceTypeAndName() {
    String line =
        new SentenceFormatter().format(deployment(EventType.MODIFIED, "default", "web", "1"));

    assertThat(line).isEqualTo("A deployment in namespace default has been modified: web");
  }

  @Test
  void sentenceOfAClusterScopedObjectHasNoNamespace() {
    String line = new SentenceFormatter().format(namespace(EventType.ADDED, "team-a", "1"));

    assertThat(line).isEqualTo("A namespace has been added: team-a");
  }

  @Test
  void sentenceUsesAnBeforeAVowelSound() {
    String line =
        new SentenceFormatter()
            .format(
                event(EventType.DELETED, "networking.k8s.io/v1", "Ingress", "shop", "front", "3"));

    assertThat(line).isEqualTo("An ingress in namespace shop has been deleted: front");
    assertThat(SentenceFormatter.article("endpointslice")).isEqualTo("An");
    assertThat(SentenceFormatter.article("unicorn")).isEqualTo("A");
    assertThat(SentenceFormatter.article("pod")).isEqualTo("A");
  }

  @Test
  void jsonIsTheEnvelopeAsOneCompactLine() throws Exception {
    ChangeEvent event = deployment(EventType.ADDED, "default", "web", "5");
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.object())
        .putObject("data")
        .put("script", "line one\nline two");

    String line = new JsonFormatter().format(event);

    assertThat(line)
        .doesNotContain("\n")
        .startsWith("{\"schemaVersion\":" + ChangeEvent.SCHEMA_VERSION + ",");
    JsonNode parsed = EventCodec.mapper().readTree(line);
    assertThat(parsed.path("id").asText()).isEqualTo("uid-Deployment-web/5/ADDED");
    assertThat(EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
  }

  @Test
  void prettyAndSentenceAppendTheChangeSummaryOfAModifiedEvent() throws Exception {
    ChangeEvent event =
        deployment(EventType.MODIFIED, "default", "web", "48213")
            .withPatch(
                EventCodec.mapper()
                    .readTree(
                        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"48213\"},"
                            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5,\"fromValue\":2}]"));

    assertThat(new PrettyFormatter().format(event))
        .isEqualTo(
            "2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web rv=48213 spec.replicas 2->5");
    assertThat(new SentenceFormatter().format(event))
        .isEqualTo("A deployment in namespace default has been modified: web (spec.replicas 2->5)");
  }

  @Test
  void prettyAndSentenceSayWhoMadeTheChange() throws Exception {
    ChangeEvent event =
        deployment(EventType.MODIFIED, "default", "web", "48213")
            .withPatch(
                EventCodec.mapper()
                    .readTree(
                        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5,\"fromValue\":2}]"))
            .withChangedBy(
                List.of(
                    new FieldManager("kubectl-edit", "Update", null, OBSERVED_AT),
                    new FieldManager("kubelet", "Update", "status", OBSERVED_AT)));
    ChangeEvent added =
        deployment(EventType.ADDED, "default", "api", "48214")
            .withChangedBy(List.of(new FieldManager("helm", "Update", null, OBSERVED_AT)));

    assertThat(new PrettyFormatter().format(event))
        .isEqualTo(
            "2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web rv=48213 spec.replicas 2->5"
                + " by kubectl-edit, kubelet (status)");
    assertThat(new SentenceFormatter().format(event))
        .isEqualTo(
            "A deployment in namespace default has been modified by kubectl-edit, kubelet (status):"
                + " web (spec.replicas 2->5)");
    assertThat(new PrettyFormatter().format(added)).endsWith(" rv=48214 by helm");
    assertThat(new SentenceFormatter().format(added))
        .isEqualTo("A deployment in namespace default has been added by helm: api");
  }

  @Test
  void aHostileManagerNameStaysOnOneLine() {
    ChangeEvent event =
        deployment(EventType.MODIFIED, "default", "web", "7")
            .withChangedBy(List.of(new FieldManager("evil\u001b[31m\nroot", "Update", null, null)));

    assertThat(new PrettyFormatter().format(event))
        .endsWith(" rv=7 by evil\\u001b[31m\\nroot")
        .doesNotContain("\n", "\u001b");
    assertThat(new SentenceFormatter().format(event))
        .contains("modified by evil\\u001b[31m\\nroot: web")
        .doesNotContain("\n", "\u001b");
  }

  @Test
  void versionOneEnvelopesAreStillPrinted() {
    String v1 =
        """
        {"schemaVersion":1,"id":"u-1/7/MODIFIED","type":"MODIFIED","cluster":"prod",
         "observedAt":"2026-11-24T14:03:07.123Z","apiVersion":"v1","kind":"ConfigMap",
         "namespace":"default","name":"settings","uid":"u-1","resourceVersion":"7",
         "object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"}}}
        """;
    ChangeEvent event = EventCodec.fromBytes(v1.getBytes(StandardCharsets.UTF_8));

    assertThat(new PrettyFormatter().format(event))
        .isEqualTo("2026-11-24T14:03:07Z MODIFIED v1 ConfigMap default/settings rv=7");
    assertThat(new SentenceFormatter().format(event))
        .isEqualTo("A configmap in namespace default has been modified: settings");
    assertThat(new JsonFormatter().format(event)).contains("\"schemaVersion\":1,");
  }

  @Test
  void formatsAreChosenByNameIgnoringCase() {
    assertThat(OutputFormat.parse("Sentence")).contains(OutputFormat.SENTENCE);
    assertThat(OutputFormat.parse("xml")).isEmpty();
    assertThat(OutputFormat.PRETTY.newFormatter()).isInstanceOf(PrettyFormatter.class);
    assertThat(OutputFormat.JSON.newFormatter()).isInstanceOf(JsonFormatter.class);
    assertThat(OutputFormat.names()).isEqualTo("pretty, sentence, json");
  }

  @Test
  void jsonEscapesC1ControlsAndBidiOverridesSoTheLineReadsAsItIsYetParsesToTheSameEvent() {
    ChangeEvent event = deployment(EventType.ADDED, "shop", "web\u202egnp.exe\u0085", "7");

    String line = new JsonFormatter().format(event);

    assertThat(line).contains("web\\u202egnp.exe\\u0085").doesNotContain("\u202e", "\u0085");
    assertThat(EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
  }
}
