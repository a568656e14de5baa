package dev.kew.consumer;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The named suite of hostile records: what anyone with write access to the topic can put there.
 * Each runs, with every output format, through every sink at once (stdout, webhook, Slack, Teams,
 * file) on a real broker; each case asserts what happens to it: dead-lettered with which reason, or
 * delivered, printed escaped, counted. The consumer never stops and never loses a record.
 */
class HostileRecordsTest {

  /** What a case must come to. */
  enum Outcome {
    DEAD_LETTERED,
    DELIVERED
  }

  /**
   * One hostile record.
   *
   * @param expected for a dead-lettered case, a fragment of its {@code kew.error.reason}; for a
   *     delivered one, a fragment of its pretty and sentence lines
   */
  record Case(
      String name,
      String key,
      byte[] value,
      RecordHeaders headers,
      Outcome outcome,
      String expected) {}

  /** C0 and C1 controls, DEL and bidi overrides: never raw in anything printed. */
  private static final Pattern RAW_CONTROL =
      Pattern.compile(
          "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]");

  private static final Pattern ANY_LINE_BREAK = Pattern.compile("[\\n\\r]");

  private static final ChangeEvent BASE = deployment(EventType.MODIFIED, "shop", "web", "7");
  static final List<Case> CASES = cases();

  @TempDir static Path dir;
  private static TopicFixture kafka;
  private static WebhookServer server;

  private static ObjectNode envelope(Consumer<ObjectNode> change) {
    ObjectNode tree = EventCodec.mapper().valueToTree(BASE);
    change.accept(tree);
    return tree;
  }

  private static byte[] bytes(Object value) {
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Case dead(String name, String key, byte[] value, String reason) {
    return new Case(name, key, value, new RecordHeaders(), Outcome.DEAD_LETTERED, reason);
  }

  private static Case dead(String name, Consumer<ObjectNode> change, String reason) {
    return dead(name, BASE.uid(), bytes(envelope(change)), reason);
  }

  /** A delivered MODIFIED event of a uid of its own, with {@code patch}. */
  private static Case delivered(
      String name, String uid, Consumer<ObjectNode> change, String printed) {
    ObjectNode tree =
        envelope(
            e -> {
              e.put("uid", uid).put("id", uid + "/7/MODIFIED");
              change.accept(e);
            });
    return new Case(name, uid, bytes(tree), new RecordHeaders(), Outcome.DELIVERED, printed);
  }

  private static Consumer<ObjectNode> patch(String path, String value) {
    return e -> {
      ObjectNode op = e.putArray("patch").addObject();
      op.put("op", "replace").put("path", path).put("value", value).put("fromValue", "old");
    };
  }

  private static List<Case> cases() {
    byte[] valid = EventCodec.toBytes(BASE);
    byte[] invalidUtf8 = Arrays.copyOf(valid, valid.length);
    int at = new String(valid, StandardCharsets.UTF_8).indexOf("\"web\"") + 1;
    invalidUtf8[at] = (byte) 0xff;
    invalidUtf8[at + 1] = (byte) 0xfe;
    String deep = "[".repeat(3000) + "]".repeat(3000);
    RecordHeaders odd = new RecordHeaders();
    odd.add("ce_id", new byte[] {(byte) 0xff, 0, (byte) 0xfe});
    odd.add("empty", null);
    odd.add("ünï\u001b[31mcode", "x\r\n".getBytes(StandardCharsets.UTF_8));
    Case oddHeaders = delivered("headers of odd encodings", "uid-odd-headers", e -> {}, "web");
    return List.of(
        dead("not JSON", BASE.uid(), bytes("not json \u001b[31m"), "not an event envelope"),
        dead("truncated JSON", BASE.uid(), Arrays.copyOf(valid, 40), "not an event envelope"),
        dead(
            "3,000-deep nesting",
            BASE.uid(),
            bytes(
                new String(valid, StandardCharsets.UTF_8)
                    .replace("\"spec\"", "\"deep\":" + deep + ",\"spec\"")
                    .replace("\"object\":{", "\"object\":{\"deep\":" + deep + ",")),
            "nesting depth"),
        dead("unknown type", e -> e.put("type", "RENAMED"), "RENAMED"),
        dead("missing uid", e -> e.remove("uid"), "uid is required"),
        dead(
            "CR/LF in id",
            e -> e.put("id", BASE.id() + "\r\nX-Injected: 1"),
            "id is not uid/resourceVersion/type"),
        dead(
            "ESC in name",
            e -> e.put("name", "web\u001b[2J"),
            "name is not a Kubernetes object name"),
        dead(
            "newline in namespace",
            e -> e.put("namespace", "shop\n2026-11-24T14:03:07Z ADDED forged"),
            "namespace is not a namespace name"),
        dead(
            "20,000-character name",
            e -> e.put("name", "n".repeat(20_000)),
            "name is not a Kubernetes object name"),
        dead(
            "20,000-character cluster",
            e -> e.put("cluster", "c".repeat(20_000)),
            "cluster is longer than 253 characters"),
        dead(
            "key that is not the uid",
            "someone-else\n\u001b[31m",
            valid,
            "the record key is not the object's uid"),
        dead("empty value", BASE.uid(), new byte[0], "empty record value"),
        dead("tombstone", BASE.uid(), null, "tombstone"),
        dead("invalid UTF-8", BASE.uid(), invalidUtf8, "Invalid UTF-8"),
        delivered(
            "CR/LF/ESC in values",
            "uid-control-values",
            patch(
                "/spec/template/spec/containers/0/image",
                "\u001b[2Jnginx\r\n2026-11-24T14:03:07Z DELETED v1 Pod kube-system/forged"),
            "old->\\u001b[2Jnginx\\r 2026-11-24T14:03:07Z…"),
        delivered(
            "array index past int",
            "uid-huge-index",
            patch("/spec/containers/99999999999/image", "nginx:1.27"),
            "spec.containers[99999999999].image"),
        delivered(
            "20,000-character value",
            "uid-long-value",
            patch("/data/blob", "v".repeat(20_000)),
            "data.blob old->vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…"),
        delivered(
            "future schemaVersion",
            "uid-future",
            e -> e.put("schemaVersion", 99).putObject("approvedBy").put("team", "platform"),
            "web"),
        new Case(
            oddHeaders.name(), oddHeaders.key(), oddHeaders.value(), odd, Outcome.DELIVERED, "web"),
        delivered(
            "chat markup and bidi override",
            "uid-markup",
            e ->
                e.put("cluster", "prod <!channel> & *bold* [x](https://evil)")
                    .put("name", "web\u202egnp.exe"),
            "web\\u202egnp.exe"));
  }

  @BeforeAll
  static void publishTheSuite() throws Exception {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(15);
    kafka = new TopicFixture("hostile", 1);
    server = WebhookServer.accepting();
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers, "linger.ms", 0),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Case c : CASES) {
        raw.send(new ProducerRecord<>(kafka.topic, 0, c.key(), c.value(), c.headers())).get();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    kafka.close();
  }

  @ParameterizedTest(name = "--output {0}")
  @ValueSource(strings = {"pretty", "sentence", "json"})
  void everyHostileRecordIsDeadLetteredOrDeliveredEscapedAndTheConsumerGoesOn(String format)
      throws Exception {
    String dlq = kafka.topic + ".dlq-" + format;
    Path file = dir.resolve(format + ".jsonl");
    Path config =
        Files.writeString(
            dir.resolve(format + ".yaml"),
            """
            sinks:
              - {name: out, type: stdout, format: %s}
              - {name: hook, type: webhook, url: "%s"}
              - {name: slack, type: slack, url: "%s", rateLimit: none, digestWindow: 0s}
              - {name: teams, type: teams, url: "%s", rateLimit: none, digestWindow: 0s}
              - {name: archive, type: file, path: "%s"}
            """
                .formatted(
                    format,
                    server.url("/hook/" + format),
                    server.url("/slack/" + format),
                    server.url("/teams/" + format),
                    file));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventConsumer consumer =
        new EventConsumer(
            ConsumerCommand.parseSettings(
                kafka.args(
                    "--group",
                    "hostile-" + format,
                    "--no-follow",
                    "--config",
                    config.toString(),
                    "--dlq-topic",
                    dlq)),
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            dev.kew.consumer.sink.Summarizer.PATCH,
            Clock.systemUTC(),
            registry);

    assertTimeoutPreemptively(Duration.ofSeconds(60), consumer::run);

    List<Case> dead = CASES.stream().filter(c -> c.outcome() == Outcome.DEAD_LETTERED).toList();
    List<Case> delivered = CASES.stream().filter(c -> c.outcome() == Outcome.DELIVERED).toList();
    List<ConsumerRecord<String, byte[]>> letters = kafka.readAll(dlq, dead.size());
    List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> fileLines = Files.readAllLines(file);
    List<String> chatTexts = chatTexts(format);
    SoftAssertions softly = new SoftAssertions();

    softly.assertThat(consumer.malformed()).as("malformed").isEqualTo(dead.size());
    softly.assertThat(consumer.consumed()).as("consumed").isEqualTo(delivered.size());
    softly.assertThat(consumer.deadLettered()).as("deliveries dead-lettered").isZero();
    softly
        .assertThat(kafka.committed("hostile-" + format))
        .as("every offset committed: nothing met again on restart")
        .isEqualTo(Map.of(0, (long) CASES.size()));
    softly
        .assertThat(letters)
        .as("dead letters, in order")
        .extracting(r -> header(r, "kew.original.offset"))
        .containsExactlyElementsOf(
            dead.stream().map(c -> String.valueOf(CASES.indexOf(c))).toList());
    for (int i = 0; i < Math.min(letters.size(), dead.size()); i++) {
      Case c = dead.get(i);
      ConsumerRecord<String, byte[]> letter = letters.get(i);
      softly.assertThat(header(letter, "kew.error.stage")).as(c.name()).isEqualTo("decode");
      softly.assertThat(header(letter, "kew.error.reason")).as(c.name()).contains(c.expected());
      softly
          .assertThat(header(letter, "kew.error.reason"))
          .as(c.name() + ": reason escaped and cut")
          .doesNotContainPattern(RAW_CONTROL)
          .doesNotContainPattern(ANY_LINE_BREAK)
          .hasSizeLessThanOrEqualTo(1100);
      softly.assertThat(header(letter, "kew.error.class")).as(c.name()).isNotBlank();
      softly.assertThat(letter.key()).as(c.name() + ": original key").isEqualTo(c.key());
      softly.assertThat(letter.value()).as(c.name() + ": original value").isEqualTo(c.value());
    }
    softly.assertThat(lines).as("one line per delivered event").hasSize(delivered.size());
    for (String line : concat(lines, fileLines, chatTexts)) {
      softly.assertThat(line).as("printed: " + line).doesNotContainPattern(RAW_CONTROL);
    }
    softly.assertThat(fileLines).as("file lines").hasSize(delivered.size());
    for (int i = 0; i < Math.min(lines.size(), delivered.size()); i++) {
      Case c = delivered.get(i);
      String line = lines.get(i);
      if (format.equals("json")) {
        JsonNode printed = EventCodec.mapper().readTree(line);
        softly.assertThat(printed.path("uid").asText()).as(c.name()).isEqualTo(c.key());
      } else {
        softly.assertThat(line).as(c.name()).contains(c.expected()).hasSizeLessThan(600);
      }
    }
    softly
        .assertThat(server.requests())
        .filteredOn(r -> r.path().equals("/hook/" + format))
        .extracting(r -> r.header("webhook-id"))
        .as("webhook: every delivered event, once")
        .containsExactlyElementsOf(delivered.stream().map(c -> c.key() + "/7/MODIFIED").toList());
    String slack = String.join("\n", chatTexts(format, "/slack/"));
    softly
        .assertThat(slack)
        .as("Slack: markup in object data escaped")
        .contains("prod &lt;!channel&gt; &amp; *bold*")
        .doesNotContain("<!channel>");
    softly
        .assertThat(String.join("\n", chatTexts(format, "/teams/")))
        .as("Teams: markup in object data escaped")
        .contains("\\*bold\\* \\[x\\](https://evil)");
    softly
        .assertThat(
            registry.find("kew.consumer.records.newer.schema").tag("version", "99").counter())
        .as("newer schemaVersion counted")
        .isNotNull()
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
    softly.assertAll();
  }

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    return Stream.of(a, b, c).flatMap(List::stream).toList();
  }

  private static List<String> chatTexts(String format) {
    List<String> texts = new ArrayList<>(chatTexts(format, "/slack/"));
    texts.addAll(chatTexts(format, "/teams/"));
    return texts;
  }

  /** Every {@code text} field of the messages posted to one chat sink. */
  private static List<String> chatTexts(String format, String prefix) {
    List<String> texts = new ArrayList<>();
    for (WebhookServer.Request request : server.requests()) {
      if (request.path().equals(prefix + format)) {
        try {
          EventCodec.mapper().readTree(request.body()).findValues("text").stream()
              .map(JsonNode::asText)
              .forEach(texts::add);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return texts;
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
