package dev.kew.consumer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.consumer.ConsumerSettings;
import java.util.UUID;
import picocli.CommandLine.Option;

/** Where reading starts and whether it stops: the consumer group, --from-beginning, --no-follow. */
final class GroupOptions {

  @Option(
      names = "--group",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_GROUP}",
      description =
          "Consumer group: its committed offsets say where reading resumes, a new group starts at"
              + " the beginning of the retained history, and the consumers of one group share the"
              + " partitions (cooperative-sticky) (env KEW_GROUP,"
              + " default: "
              + ConsumerSettings.STABLE_GROUP
              + ", or with --from-beginning a fresh "
              + ConsumerSettings.REPLAY_GROUP_PREFIX
              + "<random> group that leaves the stable group's offsets alone).")
  String group;

  // Switches are read as text so that a bad KEW_FROM_BEGINNING/KEW_NO_FOLLOW is reported with the
  // other invalid settings, naming the variable, rather than by picocli's converter alone.
  @Option(
      names = "--from-beginning",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      defaultValue = "${env:KEW_FROM_BEGINNING:-false}",
      description =
          "Read each partition from its first retained event (env KEW_FROM_BEGINNING=true).")
  String fromBeginning;

  @Option(
      names = "--no-follow",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      defaultValue = "${env:KEW_NO_FOLLOW:-false}",
      description =
          "Stop with exit code 0 once caught up with the end of the topic as it was when reading"
              + " started (env KEW_NO_FOLLOW=true).")
  String noFollow;

  boolean fromBeginning(OptionValues values) {
    return values.trueOrFalse(fromBeginning, "--from-beginning", "KEW_FROM_BEGINNING");
  }

  boolean follow(OptionValues values) {
    return !values.trueOrFalse(noFollow, "--no-follow", "KEW_NO_FOLLOW");
  }

  /**
   * The group given, else for a replay (from the beginning or since a time) a fresh group that
   * leaves the stable group's offsets alone, else the stable group.
   */
  String group(boolean replay, Validation v) {
    String given = group == null ? null : group.trim();
    v.check(given == null || !given.isEmpty(), "--group (env KEW_GROUP) must not be blank");
    if (given != null) {
      return given;
    }
    return replay
        ? ConsumerSettings.REPLAY_GROUP_PREFIX + UUID.randomUUID().toString().substring(0, 8)
        : ConsumerSettings.STABLE_GROUP;
  }
}
