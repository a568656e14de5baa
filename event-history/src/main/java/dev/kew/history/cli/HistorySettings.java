package dev.kew.history.cli;

import dev.kew.cli.KafkaConnection;
import dev.kew.ops.OpsSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code kew history serve} needs, validated once by {@link ServeCommand}.
 *
 * @param kafka brokers, topic and the user's Kafka client properties
 * @param indexDir where the index lives (rebuilt from the topic when empty)
 * @param address the address the HTTP server binds: {@code 127.0.0.1} outside a container
 * @param port the HTTP port; 0 for any free one
 * @param token the bearer token API requests must carry, or {@code null} for none
 * @param maxStreams most live streams at once
 * @param cacheBytes memory for envelopes read back from Kafka
 * @param retentionCheck how often entries the topic no longer holds are removed
 * @param ops metrics and probe port, log format
 */
public record HistorySettings(
    KafkaConnection kafka,
    Path indexDir,
    String address,
    int port,
    String token,
    int maxStreams,
    long cacheBytes,
    Duration retentionCheck,
    OpsSettings ops) {

  @Override
  public String toString() {
    return "HistorySettings[kafka="
        + kafka.bootstrapServers()
        + ", topic="
        + kafka.topic()
        + ", indexDir="
        + indexDir
        + ", address="
        + address
        + ", port="
        + port
        + ", token="
        + (token == null ? "none" : "set")
        + "]";
  }
}
