package dev.kew.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run across the whole pipeline, every part a process of its own: the Kafka broker
 * ({@code local-stack.jar kafka}), the simulated cluster with churn ({@code local-stack.jar
 * cluster}, logging its deletions), the producer and the consumer jars, and a webhook receiver
 * here. Under churn it kills the producer, stops the broker, fails the sink and kills the consumer
 * mid-delivery, then asks {@code check_chaos.py} (Python kubernetes client and kcat, nothing of
 * ours) whether anything was lost.
 */
final class ChaosRun {

  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  private static final String RESOURCES = "pods,deployments,services,configmaps,secrets";
  private static final String TOPIC = "chaos";

  /**
   * How long each fault lasts.
   *
   * @param churn how long the cluster churns; the faults happen within it
   * @param churnRate changes per second
   * @param producerDown how long the producer stays killed
   * @param brokerDown how long the broker stays stopped
   * @param sinkFailing how long the webhook answers 503
   * @param settle how long after the churn the checker may take to find everything
   */
  record Plan(
      Duration churn,
      double churnRate,
      Duration producerDown,
      Duration brokerDown,
      Duration sinkFailing,
      Duration settle) {
    Plan {
      Objects.requireNonNull(churn, "churn");
      Duration faults = producerDown.plus(brokerDown).plus(sinkFailing).plusSeconds(25);
      if (churn.compareTo(faults) < 0) {
        throw new IllegalArgumentException(
            "the churn ("
                + churn
                + ") must outlast the faults and their recoveries ("
                + faults
                + ")");
      }
    }

    /** The test's run, about 90 s. */
    static final Plan SHORT =
        new Plan(
            Duration.ofSeconds(90),
            10,
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofSeconds(6),
            Duration.ofSeconds(60));

    /** The run of docs/reliability.md: the broker stopped for 30 s. */
    static final Plan FULL =
        new Plan(
            Duration.ofSeconds(240),
            10,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofSeconds(120));
  }

  /** What the run did and what the checker found: its JSON figures and its exit code. */
  record Outcome(
      int checkerExit,
      String checkerFigures,
      List<String> faults,
      List<String> restarts,
      long sink503s) {}

  private final Plan plan;
  private final Path dir;
  private final String localJar;
  private final String producerJar;
  private final String consumerJar;
  private final Path checker;
  private final List<String> faults = new ArrayList<>();
  private final List<AppProcess> processes = new ArrayList<>();
  private final List<String> restarts = new ArrayList<>();
  private volatile AppProcess consumer;
  private String bootstrap;
  private String webhook;
  private int consumerStarts;

  ChaosRun(
      Plan plan, Path dir, String localJar, String producerJar, String consumerJar, Path checker) {
    this.plan = plan;
    this.dir = dir;
    this.localJar = localJar;
    this.producerJar = producerJar;
    this.consumerJar = consumerJar;
    this.checker = checker;
  }

  Outcome run() throws Exception {
    int kafkaPort = freePort();
    bootstrap = "127.0.0.1:" + kafkaPort;
    Path kubeconfig = dir.resolve("kubeconfig");
    Path churnLog = dir.resolve("churn-deletions.log");
    Path deliveredLog = dir.resolve("delivered.log");
    try (FlakyReceiver receiver = FlakyReceiver.start(deliveredLog)) {
      AppProcess broker = startBroker(kafkaPort, 1);
      long churnStarted = System.nanoTime();
      started(
          AppProcess.startJar(
              "cluster",
              localJar,
              dir,
              List.of(
                  "cluster",
                  "--churn-rate",
                  Double.toString(plan.churnRate()),
                  "--churn-duration",
                  plan.churn().toSeconds() + "s",
                  "--kubeconfig-out",
                  kubeconfig.toString(),
                  "--churn-log",
                  churnLog.toString())));
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(kubeconfig));
      KubernetesClient api =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build();
      AppProcess producer = startProducer(bootstrap, kubeconfig, 1);
      webhook = receiver.url();
      consumer = startConsumer();
      // Four JVMs start side by side: on a loaded machine the first delivery takes a while.
      await().atMost(Duration.ofMinutes(3)).until(() -> receiver.answered200() > 0);

      producer.close();
      fault("producer SIGKILLed, down " + plan.producerDown().toSeconds() + " s");
      hold(plan.producerDown());
      startProducer(bootstrap, kubeconfig, 2);

      broker.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> !broker.isAlive());
      fault("broker SIGKILLed, down " + plan.brokerDown().toSeconds() + " s");
      hold(plan.brokerDown());
      startBroker(kafkaPort, 2);
      long deliveredBefore = receiver.answered200();
      probe(api, 1);
      await() // the consumer found the broker again and delivers
          .atMost(Duration.ofMinutes(3))
          .until(() -> restartedIfExited() && receiver.answered200() > deliveredBefore);

      receiver.failing(true);
      fault("webhook answering 503 for " + plan.sinkFailing().toSeconds() + " s or more");
      probe(api, 2);
      hold(plan.sinkFailing());
      await() // at least one delivery was refused
          .atMost(Duration.ofMinutes(3))
          .until(() -> restartedIfExited() && receiver.answered503() > 0);
      receiver.failing(false);

      CountDownLatch release = new CountDownLatch(1);
      receiver.holdNextRequest(release);
      probe(api, 3);
      if (receiver.awaitHeld(180)) {
        AppProcess killed = consumer;
        killed.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !killed.isAlive());
        fault("consumer SIGKILLed mid-delivery (a webhook request in flight)");
      } else {
        fault("consumer kill skipped: no delivery within 180 s");
      }
      release.countDown();
      consumer = startConsumer();

      Duration churnLeft = plan.churn().minusNanos(System.nanoTime() - churnStarted);
      if (!churnLeft.isNegative()) {
        hold(churnLeft.plusSeconds(2));
      }
      List<String> command =
          List.of(
              "/usr/bin/python3",
              checker.toString(),
              "--bootstrap-servers",
              bootstrap,
              "--topic",
              TOPIC,
              "--kubeconfig",
              kubeconfig.toString(),
              "--resources",
              RESOURCES,
              "--churn-log",
              churnLog.toString(),
              "--delivered-log",
              deliveredLog.toString());
      long deadline = System.nanoTime() + plan.settle().toNanos();
      CheckerResult result = check(command);
      while (result.exit() != 0 && System.nanoTime() < deadline) {
        hold(Duration.ofSeconds(5));
        restartedIfExited();
        result = check(command);
      }
      api.close();
      return new Outcome(
          result.exit(),
          result.output(),
          List.copyOf(faults),
          List.copyOf(restarts),
          receiver.answered503());
    } finally {
      for (int i = processes.size() - 1; i >= 0; i--) {
        processes.get(i).close();
      }
    }
  }

  /** The logs of every process of the run, for a failure message. */
  String logs() {
    StringBuilder all = new StringBuilder();
    for (AppProcess process : processes) {
      String text = process.logs();
      all.append("---- ").append(process).append('\n');
      all.append(text, Math.max(0, text.length() - 4000), text.length()).append('\n');
    }
    return all.toString();
  }

  private record CheckerResult(int exit, String output) {}

  private CheckerResult check(List<String> command) throws IOException, InterruptedException {
    Path out = dir.resolve("checker.out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new CheckerResult(-1, "checker timed out");
    }
    String output = Files.readString(out, StandardCharsets.UTF_8).strip();
    log.info("Checker (exit {}): {}", process.exitValue(), output);
    return new CheckerResult(process.exitValue(), output);
  }

  private AppProcess startBroker(int port, int start) {
    AppProcess broker =
        started(
            AppProcess.startJar(
                "broker-" + start,
                localJar,
                dir,
                List.of(
                    "kafka",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dir.resolve("kafka").toString())));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> accepts(port));
    return broker;
  }

  /**
   * Starts the producer and waits until it has reconciled its first listing; a start that fails
   * (Kafka slow to answer on a loaded machine) is started again, as Kubernetes would.
   */
  private AppProcess startProducer(String bootstrap, Path kubeconfig, int start) {
    for (int attempt = 1; ; attempt++) {
      AppProcess producer = producerProcess(bootstrap, kubeconfig, start + "-" + attempt);
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> !producer.isAlive() || producer.logs().contains("Reconciled "));
      if (producer.isAlive() || attempt == 3) {
        return producer;
      }
      log.warn("Producer start {} exited; starting it again", start);
    }
  }

  private AppProcess producerProcess(String bootstrap, Path kubeconfig, String start) {
    return started(
        AppProcess.startJar(
            "producer-" + start,
            producerJar,
            dir,
            List.of(
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                TOPIC,
                "--partitions",
                "3",
                "--kubeconfig",
                kubeconfig.toString(),
                "--resources",
                RESOURCES)));
  }

  /**
   * Starts the consumer again when it exited on its own, as Kubernetes would, and says so in the
   * outcome (where the test expects none: the consumer rides out a broker outage), so that the
   * checker still judges the rest of the run; always true, for use in conditions.
   */
  private boolean restartedIfExited() {
    AppProcess current = consumer;
    if (!current.isAlive()) {
      String last = current.logs().strip();
      restarts.add(
          "consumer exited on its own ("
              + last.substring(last.lastIndexOf('\n') + 1)
              + "); started again");
      consumer = startConsumer();
    }
    return true;
  }

  private AppProcess startConsumer() {
    consumerStarts++;
    return started(
        AppProcess.startJar(
            "consumer-" + consumerStarts,
            consumerJar,
            dir,
            List.of(
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                TOPIC,
                "--group",
                "chaos-webhook",
                "--webhook-url",
                webhook)));
  }

  /**
   * A change of our own, so that an event is on its way when a fault needs one (the churn may have
   * ended on a slow machine).
   */
  private static void probe(KubernetesClient api, int n) {
    api.configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("chaos-probe-" + n)
                .endMetadata()
                .addToData("probe", Integer.toString(n))
                .build())
        .create();
  }

  private AppProcess started(AppProcess process) {
    processes.add(process);
    return process;
  }

  private void fault(String what) {
    log.info("Fault: {}", what);
    faults.add(what);
  }

  /** A fault's duration: the scenario's timeline, not a wait for something to happen. */
  private static void hold(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
