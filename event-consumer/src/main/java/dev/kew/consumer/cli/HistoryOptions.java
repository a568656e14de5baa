package dev.kew.consumer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.consumer.replay.ObjectQuery;
import dev.kew.consumer.sink.http.HttpPost;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** One object whose history to print instead of consuming (--uid or --object), and where from. */
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

  @Option(
      names = "--history-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_HISTORY_URL}",
      description =
          "The history service (kew history serve), http(s): answers --uid and --object instead"
              + " of scanning the topic, and the Slack and Teams sinks link each change to its"
              + " page there (env KEW_HISTORY_URL).")
  String historyUrl;

  /** The history service to ask, when given. */
  Optional<URI> service(Validation v) {
    Optional<String> url = OptionValues.optional(historyUrl);
    Optional<String> problem = url.flatMap(HttpPost::checkUrl);
    if (problem.isPresent()) {
      v.add("--history-url (env KEW_HISTORY_URL) " + problem.get());
      return Optional.empty();
    }
    return url.map(URI::create);
  }

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
