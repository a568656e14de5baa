package dev.kew.history.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kew.cli.DurationConverter;
import dev.kew.cli.ExitCodes;
import dev.kew.cli.KafkaConnection;
import dev.kew.cli.KafkaOptions;
import dev.kew.cli.Validation;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.index.Text;
import dev.kew.history.query.TimeExpression;
import dev.kew.history.show.HistoryClient;
import dev.kew.history.show.ObjectAnswer;
import dev.kew.history.show.ObjectRef;
import dev.kew.history.show.TopicScan;
import dev.kew.model.EventCodec;
import dev.kew.model.FieldManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kew history show KIND/NS/NAME [--at T]}: one object's changes, or its state at T. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the changes of one object (every incarnation of the name), oldest first, or with"
          + " --at its state at that moment as YAML.",
      "With --history-url it asks the history service (answers from its index); without, it"
          + " reads the whole topic (slow on a large topic). Exit 1 when the object has no event."
    })
public final class ShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "KIND/NAMESPACE/NAME",
      description = "The object, e.g. Deployment/shop/web; KIND/NAME for cluster-scoped kinds.")
  String object;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Show the object as it was at TIME: ISO-8601 or now-DURATION (now-1h).")
  String at;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CLUSTER}",
      description = "Only this cluster's object of that name (env KEW_CLUSTER).")
  String cluster;

  @Option(
      names = "--history-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_HISTORY_URL}",
      description = "The history service, e.g. http://127.0.0.1:8081/ (env KEW_HISTORY_URL).")
  String historyUrl;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_OUTPUT:-text}",
      description = "text (changes as lines, the object as YAML) or json (env KEW_OUTPUT).")
  String output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_TIMEOUT:-5m}",
      description =
          "How long reading the topic may take (env KEW_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String timeout;

  @Mixin KafkaOptions kafka;

  @Mixin TokenOptions token;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Validation v = new Validation();
    ObjectRef ref = null;
    try {
      ref = ObjectRef.parse(object);
    } catch (IllegalArgumentException e) {
      v.add("KIND/NAMESPACE/NAME: " + e.getMessage());
    }
    Instant moment = null;
    try {
      moment = at == null ? null : TimeExpression.parse(at, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      v.add("--at: " + e.getMessage());
    }
    String format = output == null ? "" : output.trim().toLowerCase(Locale.ROOT);
    v.check(
        format.equals("text") || format.equals("json"),
        "--output (env KEW_OUTPUT) must be text or json, was '" + output + "'");
    URI url = null;
    try {
      url = historyUrl == null || historyUrl.isBlank() ? null : URI.create(historyUrl.trim());
      v.check(
          url == null || "http".equals(url.getScheme()) || "https".equals(url.getScheme()),
          "--history-url (env KEW_HISTORY_URL) must be an http or https URL, was '"
              + historyUrl
              + "'");
    } catch (IllegalArgumentException e) {
      v.add("--history-url (env KEW_HISTORY_URL) is not a URL: " + historyUrl);
    }
    Duration limit = Duration.ofMinutes(5);
    try {
      limit = DurationConverter.parse(timeout);
    } catch (RuntimeException e) {
      v.add("--timeout (env KEW_TIMEOUT): " + e.getMessage());
    }
    KafkaConnection connection = kafka.toConnection(v);
    String bearer = token.toToken(v);
    v.throwIfInvalid(spec.commandLine());

    ObjectAnswer answer =
        url != null
            ? new HistoryClient(url, bearer).answer(ref, cluster, moment)
            : new TopicScan(connection.topic(), connection.clientProperties(), limit)
                .answer(ref, cluster, moment);
    return print(answer, ref, moment, format.equals("json"));
  }

  private int print(ObjectAnswer answer, ObjectRef ref, Instant moment, boolean json)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (moment != null) {
      if (answer.last() == null) {
        err.println("Error: " + ref + " has no event at or before " + moment);
        err.flush();
        return ExitCodes.FAILURE;
      }
      err.println("# " + line(answer.last()));
      out.print(
          json
              ? EventCodec.mapper()
                      .writerWithDefaultPrettyPrinter()
                      .writeValueAsString(answer.object())
                  + "\n"
              : YAML.writeValueAsString(answer.object()));
      out.flush();
      err.flush();
      return ExitCodes.OK;
    }
    if (answer.events().isEmpty()) {
      err.println("Error: " + ref + " has no event in the history");
      err.flush();
      return ExitCodes.FAILURE;
    }
    for (IndexedEvent event : answer.events()) {
      out.println(json ? EventCodec.mapper().writeValueAsString(event) : line(event));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static final YAMLMapper YAML =
      (YAMLMapper) new YAMLMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * {@code 2026-11-25T03:10:51Z MODIFIED rv=43 uid=5b7e2f0a spec.replicas 2->5 by kubectl-edit}.
   */
  static String line(IndexedEvent e) {
    StringBuilder line =
        new StringBuilder()
            .append(e.observedAt())
            .append(' ')
            .append(String.format("%-8s", e.type()))
            .append(" rv=")
            .append(e.resourceVersion())
            .append(" uid=")
            .append(e.uid(), 0, Math.min(8, e.uid().length()));
    if (e.summary() != null) {
      line.append(' ').append(e.summary());
    }
    if (!e.changedBy().isEmpty()) {
      line.append(" by ")
          .append(
              e.changedBy().stream().map(FieldManager::toString).collect(Collectors.joining(", ")));
    }
    return Text.clip(line.toString(), 2000);
  }
}
