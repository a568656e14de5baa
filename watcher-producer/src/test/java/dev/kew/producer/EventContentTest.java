package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.testing.EnvelopeSchema;
import dev.kew.testing.SharedKafka;
import dev.kew.testing.TestDeployments;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** What the events say: patches, ignored paths, redaction, oversized objects, CloudEvents. */
class EventContentTest {

  @RegisterExtension static final ProducerTestbed testbed = new ProducerTestbed();

  private final KubernetesClient client = testbed.client();
  private final String namespace = ProducerTestbed.uniqueNamespace("content");
  private final String topic = SharedKafka.uniqueTopic("content");

  @Test
  void modifiedEventCarriesTheJsonPatchFromThePreviouslyPublishedVersion() {
    start("--resources", "deployments");
    TopicReader reader = testbed.reader(topic);

    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(TestDeployments.of("web", 2, "nginx:1.25"))
        .create();
    reader.readUntil(records -> records.size() >= 1);
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
              return d;
            });

    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 2));
    assertThat(events)
        .extracting(ChangeEvent::type)
        .containsExactly(EventType.ADDED, EventType.MODIFIED);
    ChangeEvent modified = events.get(1);
    assertThat(modified.schemaVersion()).isEqualTo(ChangeEvent.SCHEMA_VERSION);
    assertThat(modified.origin()).isEqualTo(EventOrigin.WATCH);
    assertThat(JsonPatch.apply(modified.patch(), events.get(0).object()))
        .isEqualTo(modified.object());
    assertThat(modified.patch().toString())
        .contains("\"fromValue\":2,\"path\":\"/spec/replicas\",\"value\":5")
        .contains(
            "\"fromValue\":\"nginx:1.25\",\"path\":\"/spec/template/spec/containers/0/image\"");
  }

  @Test
  void updateOfIgnoredPathsOnlyIsCountedNotPublished() {
    WatcherProducer watcher =
        start("--resources", "configmaps", "--ignore-path", "ConfigMap:metadata.annotations.noise");
    TopicReader reader = testbed.reader(topic);
    var settings = client.configMaps().inNamespace(namespace).withName("settings");
    settings.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .addToAnnotations("noise", "1")
            .endMetadata()
            .addToData("color", "blue")
            .build());
    reader.readUntil(records -> records.size() >= 1);

    settings.edit(c -> withAnnotation(c, "noise", "2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.ignoredUpdates() == 1);
    settings.edit(
        c -> {
          c.getData().put("color", "green");
          return c;
        });

    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 2));
    assertThat(reader.readToEnd()).hasSize(2);
    assertThat(events.get(1).patch().toString())
        .contains("\"path\":\"/data/color\",\"value\":\"green\"")
        .as("the patch leads from the published version, ignored changes included")
        .contains("\"path\":\"/metadata/annotations/noise\",\"value\":\"2\"");
    assertThat(watcher.ignoredUpdates()).isEqualTo(1);
  }

  @Test
  void plantedSecretsNeverReachTheTopicOrTheLogs() {
    String plain = "planted-" + UUID.randomUUID();
    String changed = "changed-" + UUID.randomUUID();
    List<String> forbidden = List.of(plain, base64(plain), changed, base64(changed));
    ListAppender<ILoggingEvent> logs = captureLogs();
    start("--resources", "secrets,pods");
    TopicReader reader = testbed.reader(topic);

    String lastApplied =
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"token\":\"" + plain + "\"}}";
    var secret = client.secrets().inNamespace(namespace).withName("db");
    secret.create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("db")
            .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", lastApplied)
            .endMetadata()
            .addToData("password", base64(plain))
            .addToStringData("token", plain)
            .build());
    String podJson =
        "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\""
            + plain
            + "\"}]}]}}";
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("app")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", podJson)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("app:1")
                .addNewEnv()
                .withName("DB_PASSWORD")
                .withValue(plain)
                .endEnv()
                .addNewEnv()
                .withName("LOG_LEVEL")
                .withValue("debug")
                .endEnv()
                .endContainer()
                .endSpec()
                .build())
        .create();
    reader.readUntil(records -> records.size() >= 2);
    secret.edit(
        s -> {
          s.getData().put("password", base64(changed));
          return s;
        });
    reader.readUntil(records -> records.size() >= 3);
    secret.delete();

    List<ConsumerRecord<String, byte[]>> records = reader.readUntil(r -> r.size() >= 4);
    ByteArrayOutputStream everything = new ByteArrayOutputStream();
    for (ConsumerRecord<String, byte[]> record : records) {
      everything.writeBytes(record.key().getBytes(StandardCharsets.UTF_8));
      everything.writeBytes(record.value());
      for (Header header : record.headers()) {
        everything.writeBytes(header.key().getBytes(StandardCharsets.UTF_8));
        everything.writeBytes(header.value());
      }
    }
    String topicBytes = everything.toString(StandardCharsets.ISO_8859_1);
    String logText = logText(logs);
    assertThat(logText).as("debug logs were captured").contains("MODIFIED Secret " + namespace);
    for (String secretForm : forbidden) {
      assertThat(topicBytes).doesNotContain(secretForm);
      assertThat(logText).doesNotContain(secretForm);
    }
    List<ChangeEvent> events = TopicReader.events(records);
    ChangeEvent modified =
        events.stream().filter(e -> e.type() == EventType.MODIFIED).findFirst().orElseThrow();
    List<JsonNode> ops = new ArrayList<>();
    modified.patch().forEach(ops::add);
    assertThat(ops)
        .extracting(op -> op.path("path").asText())
        .containsExactlyInAnyOrder(
            "/metadata/generation", "/metadata/resourceVersion", "/data/password");
    JsonNode password =
        ops.stream()
            .filter(op -> op.path("path").asText().equals("/data/password"))
            .findFirst()
            .get();
    assertThat(password.path("value").asText()).matches("<redacted sha256:[0-9a-f]{8}>");
    assertThat(password.path("fromValue").asText()).matches("<redacted sha256:[0-9a-f]{8}>");
    ChangeEvent pod = events.stream().filter(e -> e.kind().equals("Pod")).findFirst().orElseThrow();
    assertThat(pod.object().toString()).contains("\"LOG_LEVEL\"").contains("debug");
  }

  @Test
  void objectLargerThanTheMaxMessageSizeIsPublishedTruncatedAndTheStreamGoesOn() {
    WatcherProducer watcher = start("--resources", "configmaps");
    TopicReader reader = testbed.reader(topic);
    String big = "0123456789abcdef".repeat(2 * 1024 * 1024 / 16);

    client
        .configMaps()
        .inNamespace(namespace)
        .resource(configMap("big", Map.of("blob", big)))
        .create();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(configMap("small", Map.of("a", "b")))
        .create();

    List<ChangeEvent> events = TopicReader.events(reader.readUntil(records -> records.size() >= 2));
    // Only each object's own changes keep their order: the small one may overtake the big one.
    assertThat(events).extracting(ChangeEvent::name).containsExactlyInAnyOrder("big", "small");
    ChangeEvent truncated = named(events, "big");
    assertThat(truncated.truncated()).isTrue();
    assertThat(truncated.object().path("sizeBytes").asInt()).isGreaterThan(2 * 1024 * 1024);
    assertThat(truncated.object().path("sha256").asText()).hasSize(64);
    assertThat(truncated.object().path("metadata").path("name").asText()).isEqualTo("big");
    assertThat(named(events, "small").truncated()).isFalse();
    assertThat(watcher.truncated()).isEqualTo(1);
    assertThat(watcher.failure()).isNotDone();
  }

  @Test
  // The API server only takes DNS-style names (as kube-apiserver does), so unicode lives in values.
  void unicodeHugeAnnotationsControlCharactersAndBinaryDataRoundTrip() {
    start("--resources", "configmaps");
    TopicReader reader = testbed.reader(topic);
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    ConfigMap odd =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("odd.name_1:x@y")
            .addToLabels("team", "equipe")
            .addToAnnotations("note", "ünïcødé-名前-🚀")
            .addToAnnotations("huge", "ä€😀\"\\\n".repeat(40_000))
            .endMetadata()
            .addToData("text", "ligne 1\nligne 2\u0000tab\t")
            .addToBinaryData("bytes", Base64.getEncoder().encodeToString(binary))
            .build();

    ConfigMap created = client.configMaps().inNamespace(namespace).resource(odd).create();

    List<ConsumerRecord<String, byte[]>> records = reader.readUntil(r -> r.size() >= 1);
    EnvelopeSchema.assertValid(records.get(0).value());
    ChangeEvent event = EventCodec.fromBytes(records.get(0).value());
    assertThat(event.truncated()).isFalse();
    assertThat(event.name()).isEqualTo("odd.name_1:x@y");
    JsonNode object = event.object();
    assertThat(object.path("metadata").path("annotations").path("huge").asText())
        .isEqualTo(created.getMetadata().getAnnotations().get("huge"));
    assertThat(object.path("metadata").path("annotations").path("note").asText())
        .isEqualTo("ünïcødé-名前-🚀");
    assertThat(object.path("data").path("text").asText()).isEqualTo("ligne 1\nligne 2\u0000tab\t");
    assertThat(Base64.getDecoder().decode(object.path("binaryData").path("bytes").asText()))
        .isEqualTo(binary);
    assertThat(header(records.get(0), "ce_subject")).isEqualTo(namespace + "/odd.name_1:x@y");
  }

  @Test
  void recordsAreCloudEventsThatTheCloudEventsSdkReads() {
    start("--resources", "deployments");
    TopicReader reader = testbed.reader(topic);
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(TestDeployments.of("web", 1, "nginx:1.27"))
        .create();
    ConsumerRecord<String, byte[]> record = reader.readUntil(r -> r.size() >= 1).get(0);
    ChangeEvent event = EventCodec.fromBytes(record.value());

    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "cloudevents-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName());
    List<CloudEvent> read = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return !read.isEmpty();
              });
    }

    CloudEvent cloudEvent = read.get(0);
    assertThat(cloudEvent.getSpecVersion().toString()).isEqualTo("1.0");
    assertThat(cloudEvent.getId()).isEqualTo(event.id());
    assertThat(cloudEvent.getType()).isEqualTo("io.k8s.apps.deployment.added");
    assertThat(cloudEvent.getSource()).isEqualTo(URI.create("//kubernetes/test-cluster"));
    assertThat(cloudEvent.getSubject()).isEqualTo(namespace + "/web");
    assertThat(cloudEvent.getTime().toInstant()).isEqualTo(event.observedAt());
    assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
    assertThat(EventCodec.fromBytes(cloudEvent.getData().toBytes())).isEqualTo(event);
  }

  private WatcherProducer start(String... args) {
    return testbed.started(
        ProducerArgs.forTopic(topic)
            .partitions(1)
            .kafkaTimeout("20s")
            .clusterName("test-cluster")
            .namespace(namespace)
            .with(args),
        Duration.ofSeconds(10));
  }

  /** Every log event of the JVM, dev.kew and fabric8 at DEBUG, until the test ends. */
  private ListAppender<ILoggingEvent> captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    List<Logger> raised =
        Stream.of("dev.kew", "io.fabric8")
            .map(name -> (Logger) LoggerFactory.getLogger(name))
            .toList();
    List<Level> levels = raised.stream().map(Logger::getLevel).toList();
    raised.forEach(logger -> logger.setLevel(Level.DEBUG));
    testbed.closeAfterTest(
        () -> {
          root.detachAppender(appender);
          for (int i = 0; i < raised.size(); i++) {
            raised.get(i).setLevel(levels.get(i));
          }
        });
    return appender;
  }

  /**
   * What the producer's side logged: everything but the simulated API server, which runs in this
   * JVM only for the test (in production the API server is another process and holds the Secret
   * anyway).
   */
  private static String logText(ListAppender<ILoggingEvent> logs) {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      if (event.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
          || event.getLoggerName().startsWith("io.fabric8.mockwebserver")) {
        continue;
      }
      text.append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(t.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  private static ChangeEvent named(List<ChangeEvent> events, String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ConfigMap withAnnotation(ConfigMap configMap, String key, String value) {
    configMap.getMetadata().getAnnotations().put(key, value);
    return configMap;
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }
}
