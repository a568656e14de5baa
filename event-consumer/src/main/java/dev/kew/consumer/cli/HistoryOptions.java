package dev.kew.consumer.cli;

import dev.kew.cli.Validation;
import dev.kew.consumer.replay.ObjectQuery;
import java.util.Optional;
import picocli.CommandLine.Option;

/** One object whose history to print instead of consuming: --uid or --object. */
final class HistoryOptions {

  @Option(
      names = "--uid",
      paramLabel = "UID",
      defaultValue = "${env:KEW_UID}",
      description =
          "Print the history of the object with this uid and exit: reads only the partition its"
              + " key maps to, never commits (env KEW_UID).")
  String uid;

  @Option(
      names = "--object",
      paramLabel = "KIND/NAMESPACE/NAME",
      defaultValue = "${env:KEW_OBJECT}",
      description =
          "Print the history of the object with this identity (KIND/NAME when cluster-scoped)"
              + " and exit; every incarnation of the name, scanning all partitions, never"
              + " commits (env KEW_OBJECT).")
  String object;

  Optional<ObjectQuery> query(Validation v) {
    boolean byUid = uid != null && !uid.isBlank();
    boolean byObject = object != null && !object.isBlank();
    if (byUid && byObject) {
      v.add("--uid (env KEW_UID) and --object (env KEW_OBJECT) exclude each other");
      return Optional.empty();
    }
    if (byUid) {
      return Optional.of(ObjectQuery.byUid(uid.trim()));
    }
    if (byObject) {
      try {
        return Optional.of(ObjectQuery.byIdentity(object));
      } catch (IllegalArgumentException e) {
        v.add("--object (env KEW_OBJECT) " + e.getMessage());
      }
    }
    return Optional.empty();
  }
}
