package dev.kew.producer;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flipkart.zjsonpatch.JsonPatch;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.testing.EnvelopeSchema;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A producer that starts again publishes what changed while it was away, once, and no more. */
class RestartReconciliationTest {

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final KubernetesClient client = testbed.client();
  private final String namespace = ProducerTestbed.uniqueNamespace("restart");
  private final String topic = SharedKafka.uniqueTopic("restart");

  @Test
  void producerRestartedWithNothingChangedPublishesNothing() {
    WatcherProducer first = start("test-cluster");
    create("a", "1");
    create("b", "1");
    TopicReader reader = testbed.reader(topic);
    reader.readUntil(records -> records.size() >= 2);
    first.close();

    WatcherProducer second = start("test-cluster");

    assertThat(second.published()).isZero();
    assertThat(reader.readToEnd()).hasSize(2);
    assertThat(TopicReader.events(reader.readToEnd()))
        .allSatisfy(e -> assertThat(e.origin()).isEqualTo(EventOrigin.WATCH));
  }

  @Test
  void changesMadeWhileStoppedArePublishedOnceAsResyncEvents() {
    WatcherProducer first = start("test-cluster");
    create("changed", "1");
    create("removed", "1");
    create("kept", "1");
    TopicReader reader = testbed.reader(topic);
    reader.readUntil(records -> records.size() >= 3);
    first.close();
    client.configMaps().inNamespace(namespace).withName("changed").edit(c -> withValue(c, "2"));
    client.configMaps().inNamespace(namespace).withName("removed").delete();
    create("new", "1");

    WatcherProducer second = start("test-cluster");
    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 6));
    client.configMaps().inNamespace(namespace).withName("kept").edit(c -> withValue(c, "3"));
    events = TopicReader.events(reader.readUntil(records -> records.size() >= 7));

    assertThat(reader.readToEnd()).hasSize(7);
    List<ChangeEvent> afterRestart = events.subList(3, 6);
    assertThat(afterRestart)
        .extracting(e -> e.type() + " " + e.name() + " " + e.origin())
        .containsExactlyInAnyOrder(
            "MODIFIED changed RESYNC", "DELETED removed RESYNC", "ADDED new RESYNC");
    ChangeEvent modified = find(afterRestart, "changed");
    ChangeEvent firstOfChanged = find(events.subList(0, 3), "changed");
    assertThat(JsonPatch.apply(modified.patch(), firstOfChanged.object()))
        .as("the patch leads from the version published before the restart")
        .isEqualTo(modified.object());
    assertThat(find(afterRestart, "removed").object().path("data").path("value").asText())
        .as("DELETED carries the last published object")
        .isEqualTo("1");
    assertThat(events.get(6))
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("kept");
              assertThat(e.type()).isEqualTo(EventType.MODIFIED);
              assertThat(e.origin()).isEqualTo(EventOrigin.WATCH);
            });
    assertThat(second.published()).isEqualTo(4);
    reader.readToEnd().forEach(r -> EnvelopeSchema.assertValid(r.value()));
  }

  @Test
  void deletionWhileStoppedIsPublishedOnceAFailingListingSucceedsAndNotReadyMeanwhile() {
    WatcherProducer first = start("test-cluster");
    create("removed", "1");
    create("kept", "1");
    TopicReader reader = testbed.reader(topic);
    reader.readUntil(records -> records.size() >= 2);
    first.close();
    client.configMaps().inNamespace(namespace).withName("removed").delete();
    AtomicInteger listings = new AtomicInteger();
    ProducerMetrics metrics = ProducerMetrics.unregistered();

    WatcherProducer second =
        testbed.closeAfterTest(
            WatcherProducer.start(
                args("test-cluster").settings(),
                client,
                metrics,
                listing ->
                    () -> {
                      if (listings.incrementAndGet() <= 2) {
                        throw new KubernetesClientException("503 unavailable\n\u001b[2Jforged");
                      }
                      return listing.get();
                    }));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(second.readinessProblems())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith("reconciling the listing failed")
                    .contains("503 unavailable\\n\\u001b[2Jforged")
                    .doesNotContain("\n", "\u001b"));
    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 3));
    assertThat(events.get(2))
        .extracting(e -> e.type() + " " + e.name() + " " + e.origin())
        .isEqualTo("DELETED removed RESYNC");
    await().atMost(Duration.ofSeconds(5)).until(() -> second.readinessProblems().isEmpty());
    assertThat(listings).hasValue(3);
    assertThat(second.reconciled()).isCompleted();
    assertThat(metrics.registry().get("kew.producer.reconcile.failures").counter().count())
        .isEqualTo(2);
    assertThat(reader.readToEnd()).hasSize(3);
  }

  @Test
  void secondProducerOfTheSameStreamFencesTheFirstWhichThenWritesNothing() {
    WatcherProducer first = start("test-cluster");
    create("before", "1");
    TopicReader reader = testbed.reader(topic);
    reader.readUntil(records -> records.size() >= 1);

    WatcherProducer second = start("test-cluster");
    create("after", "1");

    await().atMost(Duration.ofSeconds(20)).until(() -> first.failure().isCompletedExceptionally());
    assertThat(first.failure())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class);
    reader.readUntil(records -> records.size() >= 2);
    assertThat(TopicReader.events(reader.readToEnd()))
        .extracting(e -> e.type() + " " + e.name())
        .containsExactly("ADDED before", "ADDED after");
    assertThat(second.failure()).isNotDone();
  }

  @Test
  void stateOfAnotherClusterIsNotTakenForThisOnes() {
    WatcherProducer first = start("test-cluster");
    create("shared", "1");
    TopicReader reader = testbed.reader(topic);
    reader.readUntil(records -> records.size() >= 1);
    first.close();

    WatcherProducer other = start("other-cluster");

    assertThat(TopicReader.events(reader.readUntil(records -> records.size() >= 2)))
        .extracting(e -> e.cluster() + " " + e.type() + " " + e.origin())
        .containsExactly("test-cluster ADDED WATCH", "other-cluster ADDED RESYNC");
    assertThat(other.published()).isEqualTo(1);
  }

  private WatcherProducer start(String clusterName) {
    return testbed.started(args(clusterName), Duration.ofSeconds(20));
  }

  private ProducerArgs args(String clusterName) {
    return ProducerArgs.forTopic(topic)
        .partitions(2)
        .kafkaTimeout("20s")
        .clusterName(clusterName)
        .namespace(namespace)
        .resources("configmaps");
  }

  private void create(String name, String value) {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(Map.of("value", value))
                .build())
        .create();
  }

  private static ConfigMap withValue(ConfigMap configMap, String value) {
    configMap.getData().put("value", value);
    return configMap;
  }

  private static ChangeEvent find(List<ChangeEvent> events, String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
