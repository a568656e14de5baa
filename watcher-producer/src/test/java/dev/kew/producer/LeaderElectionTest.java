package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.model.EventCodec;
import dev.kew.producer.ha.Leadership;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.testing.SharedKafka;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two producers for one stream: only the Lease holder publishes; the standby takes over. */
class LeaderElectionTest {

  private static final Duration LEASE = Duration.ofSeconds(3);

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final String namespace = ProducerTestbed.uniqueNamespace("elected");
  private final String topic = SharedKafka.uniqueTopic("elected");

  @Test
  void onlyTheLeaderPublishesAndTheStandbyTakesOverWithinTheLeaseWhenTheLeaderIsCutOff()
      throws Exception {
    TcpGate network = new TcpGate(testbed.cluster().port());
    testbed.closeAfterTest(network);
    Instance first = new Instance(network.url());
    await().atMost(Duration.ofSeconds(10)).until(() -> first.leadership.leading());
    awaitReady(first);
    Instance second = new Instance(testbed.cluster().masterUrl());
    TopicReader reader = testbed.reader(topic);

    String before = testbed.createConfigMap(namespace, "before-takeover");
    reader.readUntil(records -> hasKey(records, before));
    assertThat(reader.readToEnd().stream().filter(r -> r.key().equals(before)))
        .as("published once: the standby watches nothing")
        .hasSize(1);
    assertThat(second.leadership.leading()).isFalse();
    assertThat(second.leadership.watcher()).isEmpty();
    assertThat(second.leadership.readinessProblems()).as("a healthy standby is ready").isEmpty();
    assertThat(second.metrics.registry().get("kew.producer.leader").gauge().value()).isZero();
    assertThat(first.metrics.registry().get("kew.producer.leader").gauge().value()).isOne();

    long killed = System.nanoTime();
    // The leader is cut off from the API server: no renewal, no release. Its connections stay open
    // and silent (a partition), which also keeps the mock from handling a closed watch while it
    // sends that watch an event (it then blocks its event loop for a minute).
    network.pause();
    String during = testbed.createConfigMap(namespace, "during-takeover");
    await().atMost(LEASE.multipliedBy(4)).until(() -> second.leadership.leading());
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    awaitReady(second);
    String after = testbed.createConfigMap(namespace, "after-takeover");

    List<ConsumerRecord<String, byte[]>> records =
        reader.readUntil(read -> hasKey(read, during) && hasKey(read, after));
    assertThat(takeover).isLessThan(LEASE.plus(Duration.ofSeconds(3)));
    assertThat(records)
        .extracting(r -> EventCodec.fromBytes(r.value()).name())
        .contains("during-takeover", "after-takeover");
    await().atMost(LEASE).until(() -> first.leadership.failure().isDone());
    assertThat(first.leadership.failure())
        .as("the old leader gave up after its renew deadline, to restart as a standby")
        .isCompletedExceptionally();
    assertThat(first.leadership.leading()).isFalse();
  }

  @Test
  void aLeaderThatStopsReleasesTheLeaseAndTheStandbyTakesOverAtOnce() {
    Instance first = new Instance(testbed.cluster().masterUrl());
    await().atMost(Duration.ofSeconds(10)).until(() -> first.leadership.leading());
    Instance second = new Instance(testbed.cluster().masterUrl());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                lease() != null
                    && lease()
                        .getSpec()
                        .getHolderIdentity()
                        .equals(first.settings.leaderElection().identity()));

    long stopped = System.nanoTime();
    first.leadership.close();

    await().atMost(LEASE).until(() -> second.leadership.leading());
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(LEASE);
    assertThat(first.leadership.failure()).as("a clean stop is no failure").isNotDone();
  }

  private Lease lease() {
    return testbed
        .cluster()
        .client()
        .leases()
        .inNamespace("default")
        .withName("kew-producer-" + topic)
        .get();
  }

  /** One producer process: its own client, metrics and place in the election. */
  private final class Instance {
    final KubernetesClient client;
    final ProducerMetrics metrics = new ProducerMetrics(new SimpleMeterRegistry());
    final ProducerSettings settings;
    final Leadership leadership;

    Instance(String masterUrl) {
      client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                      .withMasterUrl(masterUrl)
                      .withNamespace("default")
                      .withHttp2Disable(true)
                      .build())
              .build();
      testbed.closeAfterTest(client);
      settings =
          ProducerArgs.forTopic(topic)
              .partitions(1)
              .clusterName("elected")
              .resources("configmaps")
              .namespace(namespace)
              .with(
                  "--leader-election",
                  "--lease-namespace",
                  "default",
                  "--lease-duration",
                  LEASE.toSeconds() + "s",
                  "--lease-renew-deadline",
                  "2s",
                  "--lease-retry-period",
                  "500ms")
              .settings();
      leadership =
          Leadership.start(
              client,
              settings.leaderElection(),
              metrics,
              () -> WatcherProducer.start(settings, client, metrics));
      testbed.closeAfterTest(leadership);
    }
  }

  private static void awaitReady(Instance instance) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(instance.leadership.readinessProblems()).isEmpty());
  }

  private static boolean hasKey(List<ConsumerRecord<String, byte[]>> records, String key) {
    return records.stream().anyMatch(r -> r.key().equals(key));
  }
}
