package dev.kew.bench.latency;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.seed.SeedWatcher;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What turns API writes into output lines: ours (producer, Kafka, consumer) or the seed's. */
public interface Pipeline extends AutoCloseable {

  /** The key of the change an output line reports, if it reports one. */
  Optional<ChangeKey> parse(String line);

  @Override
  void close();

  /** Which pipeline. */
  enum Variant {
    /** watcher-producer, the Kafka topic, event-consumer with {@code --output pretty}. */
    KEW,
    /** One plain fabric8 watch per kind printing sentences ({@link SeedWatcher}). */
    SEED;

    /**
     * Starts it and waits until it reads.
     *
     * @param listed how many objects the cluster holds (ours announces them all first)
     */
    Pipeline start(SimulatedCluster cluster, String bootstrapServers, PrintStream out, int listed)
        throws InterruptedException {
      return this == KEW
          ? Kew.start(cluster, bootstrapServers, out, listed)
          : Seed.start(cluster, out);
    }
  }

  /** A client of the simulated cluster of its own, as a separate app would have. */
  static KubernetesClient clientOf(SimulatedCluster cluster) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.masterUrl())
                .withHttp2Disable(true)
                .build())
        .build();
  }

  /** Producer and consumer in this JVM, each with its own clients, through the broker. */
  final class Kew implements Pipeline {
    private final KubernetesClient client;
    private final WatcherProducer producer;
    private final EventConsumer consumer;
    private final Thread consuming;

    private Kew(
        KubernetesClient client,
        WatcherProducer producer,
        EventConsumer consumer,
        Thread consuming) {
      this.client = client;
      this.producer = producer;
      this.consumer = consumer;
      this.consuming = consuming;
    }

    static Kew start(SimulatedCluster cluster, String bootstrap, PrintStream out, int listed)
        throws InterruptedException {
      String topic = BenchKafka.uniqueTopic("bench-e2e");
      KubernetesClient client = clientOf(cluster);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--bootstrap-servers",
                  bootstrap,
                  "--topic",
                  topic,
                  "--resources",
                  "deployments,pods,configmaps",
                  "--cluster-name",
                  "bench",
                  "--metrics-port",
                  "-1"));
      BenchKafka.producerOverrides()
          .forEach(
              (key, value) -> {
                args.add("-X");
                args.add(key + "=" + value);
              });
      WatcherProducer producer =
          WatcherProducer.start(ProducerCommand.parseSettings(args.toArray(String[]::new)), client);
      if (!producer.awaitSynced(Duration.ofSeconds(60))) {
        producer.close();
        client.close();
        throw new IllegalStateException("The producer's informers did not sync within 60 s");
      }
      EventConsumer consumer =
          new EventConsumer(
              ConsumerCommand.parseSettings(
                  name -> null,
                  "--bootstrap-servers",
                  bootstrap,
                  "--topic",
                  topic,
                  "--group",
                  "bench-e2e",
                  "--output",
                  "pretty"),
              out);
      Thread consuming = new Thread(consumer::run, "bench-consumer");
      consuming.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // The listing announces every seeded object: once the consumer printed those, it reads.
      while (consumer.consumed() < listed && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (consumer.consumed() < listed) {
        throw new IllegalStateException(
            "The consumer printed " + consumer.consumed() + " of " + listed + " listed objects");
      }
      return new Kew(client, producer, consumer, consuming);
    }

    /** {@code 2026-11-25T03:10:51Z MODIFIED apps/v1 Deployment bench/web-1 rv=43 ...}. */
    @Override
    public Optional<ChangeKey> parse(String line) {
      String[] t = Arrays.stream(line.split(" ")).filter(s -> !s.isEmpty()).toArray(String[]::new);
      if (t.length < 6 || !t[5].startsWith("rv=")) {
        return Optional.empty();
      }
      return Optional.of(ChangeKey.of(t[1], t[3], t[4], t[5].substring(3)));
    }

    @Override
    public void close() {
      consumer.stop();
      try {
        consuming.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close();
      client.close();
    }
  }

  /** The seed's approach in this JVM. */
  final class Seed implements Pipeline {
    private final KubernetesClient client;
    private final SeedWatcher watcher;

    private Seed(KubernetesClient client, SeedWatcher watcher) {
      this.client = client;
      this.watcher = watcher;
    }

    static Seed start(SimulatedCluster cluster, PrintStream out) {
      KubernetesClient client = clientOf(cluster);
      return new Seed(client, SeedWatcher.start(client, out));
    }

    /** {@code A pod in namespace bench has been added: worker-5 rv=123}. */
    @Override
    public Optional<ChangeKey> parse(String line) {
      String[] t = line.split(" ");
      if (t.length != 10 || !t[9].startsWith("rv=")) {
        return Optional.empty();
      }
      String type = t[7].substring(0, t[7].length() - 1);
      return Optional.of(ChangeKey.of(type, t[1], t[4] + "/" + t[8], t[9].substring(3)));
    }

    @Override
    public void close() {
      watcher.close();
      client.close();
    }
  }
}
