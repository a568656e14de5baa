package dev.kew.producer.cli;

import dev.kew.cli.OptionValues;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the producer creates the topic when it is missing (a picocli mixin). */
final class TopicOptions {

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "${env:KEW_PARTITIONS:-6}",
      description =
          "Partitions of the topic when the producer creates it (env KEW_PARTITIONS, default:"
              + " ${DEFAULT-VALUE}).")
  String partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "${env:KEW_REPLICATION_FACTOR}",
      description =
          "Replication factor of the topic when the producer creates it; default: the broker's"
              + " default (env KEW_REPLICATION_FACTOR).")
  String replicationFactor;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_RETENTION:-7d}",
      description =
          "retention.ms of the topic when the producer creates it; an existing topic is used as"
              + " it is (env KEW_RETENTION, default: ${DEFAULT-VALUE}).")
  String retention;

  int partitions(OptionValues values) {
    return values.wholeNumber(partitions, "--partitions", "KEW_PARTITIONS", 1);
  }

  /** Empty for the broker's default. */
  Optional<Short> replicationFactor(OptionValues values) {
    return OptionValues.optional(replicationFactor)
        .map(
            text ->
                (short)
                    values.wholeNumber(
                        text,
                        "--replication-factor",
                        "KEW_REPLICATION_FACTOR",
                        1,
                        Short.MAX_VALUE));
  }

  Duration retention(OptionValues values) {
    return values.positiveDuration(retention, "--retention", "KEW_RETENTION");
  }
}
