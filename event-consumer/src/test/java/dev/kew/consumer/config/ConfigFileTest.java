package dev.kew.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.consumer.sink.SinkRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  private static final SinkRegistry REGISTRY = SinkRegistry.load();
  private static final Map<String, String> ENV =
      Map.of("SLACK_URL", "https://hooks.slack.com/services/T000/B000/sekrit");

  @TempDir Path dir;

  private static SinkSetup parse(String yaml) {
    return ConfigFile.parse("sinks.yaml", yaml, REGISTRY, ENV::get);
  }

  private static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the configuration to be rejected");
  }

  @Test
  void namedSinksWithSecretsFromEnvAndFilesAndSharedSettingsAreRead() throws Exception {
    Path key =
        Files.writeString(
            dir.resolve("hmac"), "whsec_c2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXMtZm9yLWtldw==\n");
    SinkSetup setup =
        parse(
            """
            sinks:
              - name: ops
                type: slack
                url: {env: SLACK_URL}
                rateLimit: 2/s
                digestWindow: 5s
              - name: audit
                type: webhook
                url: https://audit.example.com/kube
                format: cloudevents
                headers: {X-Team: platform}
                secret: {file: %s}
                retry: {maxAttempts: 3, initialBackoff: 200ms, maxBackoff: 2s}
              - name: archive
                type: file
                path: %s
                maxSize: 10MB
                keep: 2
            routes:
              - sinks: [ops, audit]
            """
                .formatted(key, dir.resolve("events.jsonl")));

    assertThat(setup.sinks()).containsOnlyKeys("ops", "audit", "archive");
    assertThat(setup.sinks().get("ops").policy())
        .isEqualTo(
            new SinkPolicy(
                SinkPolicy.DEFAULT_MAX_ATTEMPTS,
                SinkPolicy.DEFAULT_INITIAL_BACKOFF,
                SinkPolicy.DEFAULT_MAX_BACKOFF,
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                SinkPolicy.CHAT_MAX_DIGEST,
                SinkPolicy.AuthFailure.WAIT));
    assertThat(setup.sinks().get("audit").policy().maxAttempts()).isEqualTo(3);
    assertThat(setup.sinks().get("audit").policy().initialBackoff()).hasMillis(200);
    assertThat(setup.sinks().get("archive").policy().minInterval()).isZero();
    assertThat(setup.routes().routes()).hasSize(1);
    assertThat(setup.toString()).doesNotContain("sekrit", "k3y", "audit.example.com");
  }

  @Test
  void withoutRoutesEverySinkReceivesEveryEvent() {
    SinkSetup setup = parse("sinks:\n  - {name: a, type: stdout}\n  - {name: b, type: stdout}\n");

    assertThat(setup.routes().routes())
        .singleElement()
        .satisfies(r -> assertThat(r.sinks()).containsExactly("a", "b"));
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsLine() {
    List<String> problems =
        problems(
            """
            sinks:
              - name: ops
                type: slack
                url: {env: MISSING_URL}
              - name: ops
                type: stdout
              - name: hook
                type: webhok
              - name: hook2
                type: webhook
                url: ftp://example.com/
                timeot: 5s
              - name: hook3
                type: webhook
                url: https://example.com/
                retry: {maxAttempts: 0}
              - name: hook4
                type: webhook
                timeout: soon
                url: https://example.com/
            drop:
              - namespace: kube-system
                labels: "app in prod"
            routes:
              - match:
                  - name: "web-("
                    type: CREATED
                sinks: [ops, nowhere]
            extra: true
            """);

    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("sinks.yaml line 4: sink 'ops' (slack) 'url'")
                    .contains("MISSING_URL is not set"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "sinks.yaml line 5: sink name 'ops' is already used at sinks.yaml line 2"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("sinks.yaml line 8: sink 'hook' (webhok) 'type' is unknown")
                    .contains("webhook", "slack", "teams", "file", "stdout"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "sinks.yaml line 12: sink 'hook2' (webhook) 'timeot' is not a known setting"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "sinks.yaml line 16: sink 'hook3' (webhook) 'retry/maxAttempts' must be 1 or more")
                    .doesNotContain("example.com"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("sinks.yaml line 23: '")
                    .contains("app in prod", "label selector"))
        .anySatisfy(
            p -> assertThat(p).startsWith("sinks.yaml line 26: name is not a regular expression"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "sinks.yaml line 27: type must be ADDED, MODIFIED or DELETED, was 'CREATED'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "sinks.yaml line 28: route sends to sink 'nowhere', which is not defined"))
        .anySatisfy(
            p -> assertThat(p).startsWith("sinks.yaml line 29: 'extra' is not a known section"));
  }

  @Test
  void aBadUrlIsReportedWithoutEchoingIt() {
    assertThat(problems("sinks:\n  - {name: h, type: webhook, url: 'htp:/tok3n'}\n"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("sinks.yaml line 2: sink 'h' (webhook) 'url' must be an absolute")
                    .doesNotContain("tok3n"));
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThatThrownBy(() -> parse("sinks:\n  - name: a\n    type: [stdout\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("sinks.yaml line 3: not valid YAML");
  }

  @Test
  void duplicateKeysAreAnError() {
    assertThatThrownBy(() -> parse("sinks:\n  - name: a\n    type: stdout\n    type: file\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("sinks.yaml line 4: not valid YAML")
        .hasMessageContaining("type");
  }

  @Test
  void aFileWithoutSinksIsAnError() {
    assertThat(problems("routes: []\n"))
        .singleElement()
        .asString()
        .contains("sinks must be a list");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(() -> ConfigFile.load(dir.resolve("nope.yaml"), REGISTRY, ENV::get))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("cannot read config file")
        .hasMessageContaining("nope.yaml");
  }
}
