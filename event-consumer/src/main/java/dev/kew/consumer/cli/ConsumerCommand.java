package dev.kew.consumer.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.cli.KafkaOptions;
import dev.kew.consumer.EventConsumer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code event-consumer}: prints the change events of a Kafka topic on stdout, one per line. */
@Command(
    name = "event-consumer",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Prints the Kubernetes change events of a Kafka topic on stdout, one per line; logs go to"
          + " stderr (level from env KEW_LOG_LEVEL, default INFO).",
      "Offsets are committed only after events were written, so a restart resumes where the last"
          + " run stopped. A new group starts at the beginning of the topic's history."
    })
public final class ConsumerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ConsumerCommand.class);

  /** How long a stop signal waits for the current batch to be written and committed. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_GROUP}",
      description =
          "Consumer group; its committed offsets say where reading resumes (env KEW_GROUP,"
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

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_OUTPUT:-pretty}",
      description =
          "pretty (aligned columns), sentence (one English sentence) or json (the envelope, one"
              + " document per line) (env KEW_OUTPUT, default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      defaultValue = "${env:KEW_KINDS}",
      description =
          "Only events of this kind, case-insensitive, e.g. Deployment; repeatable or"
              + " comma-separated (env KEW_KINDS, default: all).")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      split = ",",
      defaultValue = "${env:KEW_NAMESPACES}",
      description =
          "Only events of objects in this namespace; repeatable or comma-separated (env"
              + " KEW_NAMESPACES, default: all, including cluster-scoped objects).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      split = ",",
      defaultValue = "${env:KEW_TYPES}",
      description =
          "Only events of this type: ADDED, MODIFIED or DELETED; repeatable or comma-separated"
              + " (env KEW_TYPES, default: all).")
  List<String> types = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(Cli.run(new ConsumerCommand(), args));
  }

  /**
   * The validated settings.
   *
   * @throws picocli.CommandLine.ParameterException listing every invalid setting
   */
  ConsumerSettings settings() {
    return ConsumerSettings.from(this, spec.commandLine());
  }

  @Override
  public Integer call() {
    ConsumerSettings settings = settings();
    PrintStream stdout =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    EventConsumer consumer = new EventConsumer(settings, stdout);
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onSignal =
        new Thread(() -> stopAndExit(consumer, finished, exitCode), "event-consumer-stop");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      consumer.run();
    } catch (RuntimeException e) {
      exitCode.set(ExitCodes.FAILURE); // Cli reports the exception and exits with FAILURE
      throw e;
    } finally {
      stdout.flush();
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onSignal);
    } catch (IllegalStateException shuttingDown) {
      // A signal arrived: the hook ends the JVM with exitCode once it sees `finished`.
    }
    return exitCode.get();
  }

  /**
   * Runs on SIGTERM/Ctrl-C: wakes the consumer, waits for it to write and commit its current batch
   * and close, then halts with the run's exit code (0 for a clean stop) rather than the JVM's
   * signal exit status.
   */
  private static void stopAndExit(
      EventConsumer consumer, CountDownLatch finished, AtomicInteger exitCode) {
    consumer.stop();
    try {
      if (finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Runtime.getRuntime().halt(exitCode.get());
      }
      log.warn("Consumer did not stop within {} s; exiting anyway", STOP_TIMEOUT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
