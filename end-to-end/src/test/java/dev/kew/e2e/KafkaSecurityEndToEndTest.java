package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import dev.kew.local.kafka.EmbeddedKafkaBroker.SaslSslListener;
import dev.kew.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both apps against a broker that only lets clients in over TLS with SASL (SCRAM-SHA-512 and
 * PLAIN), configured purely through Kafka's own client properties: no flag of ours is involved.
 */
class KafkaSecurityEndToEndTest {

  private static final String USER = "kew";
  private static final String PASSWORD = "kew-secret-3141";
  private static final String TOPIC = "secured-events";

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static EmbeddedKafkaBroker broker;
  private static String secured;

  @BeforeAll
  static void startSecuredBroker() {
    certs = TestCertificates.create(dir.resolve("certs"));
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            new SaslSslListener(certs.brokerKeystore(), certs.password(), Map.of(USER, PASSWORD)));
    secured = broker.saslSslBootstrapServers().orElseThrow();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void producerWithScramAndConsumerWithPlainBothConnectOverTls() throws Exception {
    Path scram = clientConfig("scram.properties", "SCRAM-SHA-512", PASSWORD, true);
    Path plain = clientConfig("plain.properties", "PLAIN", PASSWORD, false);
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"), "secured");
      try (AppProcess producer =
          AppProcess.startJar(
              "secured-producer",
              System.getProperty("kew.producer.jar"),
              dir,
              List.of(
                  "--bootstrap-servers",
                  secured,
                  "--kafka-config",
                  scram.toString(),
                  "--topic",
                  TOPIC,
                  "--partitions",
                  "1",
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "--resources",
                  "configmaps",
                  "--namespace",
                  "sec"))) {
        cluster
            .client()
            .configMaps()
            .inNamespace("sec")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("tls-check")
                    .endMetadata()
                    .addToData("ok", "yes")
                    .build())
            .create();
        awaitRecords(producer);
        assertThat(producer.terminate()).isZero();
      }
    }

    try (AppProcess consumer =
        AppProcess.startJar(
            "secured-consumer",
            System.getProperty("kew.consumer.jar"),
            dir,
            List.of(
                "--bootstrap-servers",
                secured,
                "--kafka-config",
                plain.toString(),
                "--topic",
                TOPIC,
                "--from-beginning",
                "--no-follow",
                "--output",
                "sentence"))) {
      assertThat(consumer.awaitExit(60)).as("consumer log: %s", consumer.logs()).isZero();
      assertThat(consumer.stdout())
          .containsExactly(
              "A configmap in namespace sec has been added by fabric8-kubernetes-client: tls-check");
    }
  }

  @Test
  void aWrongPasswordFailsFastWithAClearMessageAndExitOne() throws Exception {
    Path wrong = clientConfig("wrong.properties", "SCRAM-SHA-512", "not-the-password", true);
    try (AppProcess consumer =
        AppProcess.startJar(
            "wrong-password-consumer",
            System.getProperty("kew.consumer.jar"),
            dir,
            List.of(
                "--bootstrap-servers",
                secured,
                "--kafka-config",
                wrong.toString(),
                "--topic",
                TOPIC,
                "--no-follow"))) {
      assertThat(consumer.awaitExit(60)).isEqualTo(1);
      assertThat(consumer.logs())
          .contains("Authentication failed")
          .doesNotContain("not-the-password");
    }
    try (SimulatedCluster cluster = SimulatedCluster.start(0);
        AppProcess producer =
            AppProcess.startJar(
                "wrong-password-producer",
                System.getProperty("kew.producer.jar"),
                dir,
                List.of(
                    "--bootstrap-servers",
                    secured,
                    "--kafka-config",
                    wrong.toString(),
                    "--topic",
                    TOPIC,
                    "--kubeconfig",
                    cluster.writeKubeconfig(dir.resolve("kubeconfig-wrong")).toString(),
                    "--resources",
                    "configmaps",
                    "--kafka-timeout",
                    "20s"))) {
      assertThat(producer.awaitExit(60)).as("producer log: %s", producer.logs()).isEqualTo(1);
      assertThat(producer.logs())
          .contains("Authentication failed")
          .doesNotContain("not-the-password");
    }
  }

  private static Path clientConfig(
      String name, String mechanism, String password, boolean pkcs12Truststore) throws Exception {
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    String truststore =
        pkcs12Truststore
            ? "ssl.truststore.type=PKCS12\n"
                + "ssl.truststore.location="
                + certs.truststore()
                + "\nssl.truststore.password="
                + certs.password()
                + "\n"
            : "ssl.truststore.type=PEM\nssl.truststore.location=" + certs.caPem() + "\n";
    return Files.writeString(
        dir.resolve(name),
        "security.protocol=SASL_SSL\n"
            + "sasl.mechanism="
            + mechanism
            + "\n"
            + "sasl.jaas.config="
            + module
            + " required username=\\\""
            + USER
            + "\\\" password=\\\""
            + password
            + "\\\";\n"
            + truststore);
  }

  private static void awaitRecords(AppProcess producer) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      await()
          .atMost(Duration.ofSeconds(60))
          .failFast("producer exited: " + producer.logs(), () -> !producer.isAlive())
          .ignoreExceptions()
          .until(
              () ->
                  admin
                          .listOffsets(Map.of(partition, OffsetSpec.latest()))
                          .partitionResult(partition)
                          .get(10, TimeUnit.SECONDS)
                          .offset()
                      >= 1);
    }
  }
}
