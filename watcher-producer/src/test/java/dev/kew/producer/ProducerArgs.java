package dev.kew.producer;

import dev.kew.producer.cli.ProducerCommand;
import dev.kew.testing.SharedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer's command line as the tests write it: the broker and the topic, then the flags a
 * test names, parsed into {@link ProducerSettings} or handed to a child JVM. Nothing else is
 * implied, so each test shows every flag it depends on.
 */
public final class ProducerArgs {

  private final List<String> args = new ArrayList<>();

  private ProducerArgs(String bootstrapServers, String topic) {
    with("--bootstrap-servers", bootstrapServers, "--topic", topic);
  }

  /** The shared test broker and {@code topic}. */
  public static ProducerArgs forTopic(String topic) {
    return new ProducerArgs(SharedKafka.bootstrapServers(), topic);
  }

  /** A broker of the test's own and {@code topic}. */
  public static ProducerArgs forTopic(String bootstrapServers, String topic) {
    return new ProducerArgs(bootstrapServers, topic);
  }

  public ProducerArgs partitions(int partitions) {
    return with("--partitions", Integer.toString(partitions));
  }

  public ProducerArgs clusterName(String name) {
    return with("--cluster-name", name);
  }

  public ProducerArgs namespace(String namespace) {
    return with("--namespace", namespace);
  }

  public ProducerArgs resources(String resources) {
    return with("--resources", resources);
  }

  public ProducerArgs kafkaTimeout(String duration) {
    return with("--kafka-timeout", duration);
  }

  public ProducerArgs kubeconfig(Path file) {
    return with("--kubeconfig", file.toString());
  }

  /** Any other flags and values, as they are written on the command line. */
  public ProducerArgs with(String... flagsAndValues) {
    args.addAll(List.of(flagsAndValues));
    return this;
  }

  public List<String> toList() {
    return List.copyOf(args);
  }

  public String[] toArray() {
    return args.toArray(String[]::new);
  }

  /** Parsed and validated as the command line would. */
  public ProducerSettings settings() {
    return ProducerCommand.parseSettings(toArray());
  }
}
