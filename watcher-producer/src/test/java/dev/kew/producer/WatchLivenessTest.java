package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watch that goes silent while the API server answers is restarted, and nothing is lost. */
class WatchLivenessTest {

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final String namespace = ProducerTestbed.uniqueNamespace("liveness");
  private final String topic = SharedKafka.uniqueTopic("liveness");
  private final ProducerMetrics metrics = new ProducerMetrics(new SimpleMeterRegistry());

  @Test
  void aHalfOpenWatchIsRestartedAndTheChangesItMissedArePublishedOnce() throws Exception {
    TcpGate gate = new TcpGate(testbed.cluster().port());
    testbed.closeAfterTest(gate);
    WatcherProducer watcher = start(client(gate.url()), "2s");
    TopicReader reader = testbed.reader(topic);
    String before = testbed.createConfigMap(namespace, "before");
    reader.readUntil(records -> records.size() >= 1);

    gate.freezeWatches();
    String during = testbed.createConfigMap(namespace, "during");

    reader.readUntil(records -> records.stream().anyMatch(r -> r.key().equals(during)));
    assertThat(restarts()).isGreaterThanOrEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.readinessProblems()).isEmpty());
    String after = testbed.createConfigMap(namespace, "after");
    reader.readUntil(records -> records.stream().anyMatch(r -> r.key().equals(after)));

    List<ChangeEvent> all = TopicReader.events(reader.readToEnd());
    assertThat(all)
        .as("the new informer starts from the old cache: no object is announced twice")
        .extracting(ChangeEvent::uid, ChangeEvent::type)
        .containsExactly(
            tuple(before, EventType.ADDED),
            tuple(during, EventType.ADDED),
            tuple(after, EventType.ADDED));
  }

  @Test
  void readinessFailsWhileAnInformerDoesNotWatchAndRecoversAfterItsRestart() throws Exception {
    WatcherProducer watcher = start(testbed.cluster().client(), "0");
    assertThat(watcher.readinessProblems()).isEmpty();
    var scope = watcher.informers().get(0);

    scope.informer().stop(); // behind the producer's back

    assertThat(watcher.readinessProblems())
        .singleElement()
        .asString()
        .contains("configmaps/v1 in namespace " + namespace);
    scope.restart();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.readinessProblems()).isEmpty());
    assertThat(restarts()).isEqualTo(1);
  }

  private WatcherProducer start(KubernetesClient client, String stallTimeout)
      throws InterruptedException {
    WatcherProducer watcher =
        WatcherProducer.start(
            ProducerArgs.forTopic(topic)
                .partitions(1)
                .clusterName("liveness")
                .resources("configmaps")
                .namespace(namespace)
                .with("--watch-stall-timeout", stallTimeout)
                .settings(),
            client,
            metrics);
    testbed.closeAfterTest(watcher);
    assertThat(watcher.awaitSynced(Duration.ofSeconds(10))).isTrue();
    return watcher;
  }

  private KubernetesClient client(String url) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                    .withMasterUrl(url)
                    .withNamespace("default")
                    .withHttp2Disable(true)
                    .build())
            .build();
    testbed.closeAfterTest(client);
    return client;
  }

  private double restarts() {
    return metrics.registry().find("kew.producer.informer.restarts").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
