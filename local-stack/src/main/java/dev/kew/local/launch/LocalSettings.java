package dev.kew.local.launch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The validated settings of {@code kew local}.
 *
 * @param home the project directory: app jars under it, {@code .kew/} (Kafka data, logs,
 *     kubeconfig) in it
 * @param duration how long to run; {@code null} until Ctrl-C
 * @param kubeconfig a real cluster's kubeconfig, or {@code null}
 * @param context a context of that kubeconfig, or {@code null}
 * @param kafkaPort the embedded broker's port on 127.0.0.1
 * @param churnRate simulated-cluster changes per second; 0 for none
 * @param output the consumer's output format
 */
public record LocalSettings(
    Path home,
    Duration duration,
    Path kubeconfig,
    String context,
    int kafkaPort,
    double churnRate,
    String output) {

  /** Whether to watch a real cluster instead of starting the simulated one. */
  public boolean realCluster() {
    return kubeconfig != null || context != null;
  }

  public Path stateDir() {
    return home.resolve(".kew");
  }

  public Path logDir() {
    return stateDir().resolve("logs");
  }

  public Path kafkaDataDir() {
    return stateDir().resolve("kafka");
  }

  public Path simulatedKubeconfig() {
    return stateDir().resolve("kubeconfig");
  }

  public Path producerJar() {
    return home.resolve("watcher-producer/target/watcher-producer.jar");
  }

  public Path consumerJar() {
    return home.resolve("event-consumer/target/event-consumer.jar");
  }

  public Path historyJar() {
    return home.resolve("event-history/target/event-history.jar");
  }

  /** The history service's index: rebuilt from the topic when deleted. */
  public Path historyIndexDir() {
    return stateDir().resolve("history");
  }
}
