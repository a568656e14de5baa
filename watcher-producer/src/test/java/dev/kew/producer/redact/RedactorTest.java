package dev.kew.producer.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.EventCodec;
import dev.kew.producer.paths.PathRule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final String PLAIN = "s3cr3t-Hunter2";
  private static final String BASE64 =
      Base64.getEncoder().encodeToString(PLAIN.getBytes(StandardCharsets.UTF_8));

  private final Redactor redactor = new Redactor(RedactionRules.DEFAULTS);

  private static ObjectNode parse(String json) throws Exception {
    return (ObjectNode) EventCodec.mapper().readTree(json);
  }

  @Test
  void secretValuesBecomeMarkersOfTheirHashSameValueSameMarker() throws Exception {
    ObjectNode secret =
        parse(
            """
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
             "data": {"password": "%s", "user": "YWRtaW4="},
             "stringData": {"password": "%s"}}
            """
                .formatted(BASE64, PLAIN));

    redactor.redact(secret);

    String marker = secret.path("data").path("password").asText();
    assertThat(marker).matches("<redacted sha256:[0-9a-f]{8}>");
    assertThat(secret.path("stringData").path("password").asText()).isEqualTo(marker);
    assertThat(secret.path("data").path("user").asText())
        .matches("<redacted sha256:[0-9a-f]{8}>")
        .isNotEqualTo(marker);
    assertThat(secret.toString()).doesNotContain(PLAIN).doesNotContain(BASE64);
    assertThat(Redactor.isMarker(marker)).isTrue();
  }

  @Test
  void lastAppliedAnnotationOfASecretIsReplacedWhole() throws Exception {
    ObjectNode secret =
        parse(
            """
            {"apiVersion": "v1", "kind": "Secret",
             "metadata": {"name": "db", "annotations": {
               "kubectl.kubernetes.io/last-applied-configuration": "{\\"stringData\\":{\\"p\\":\\"%s\\"}}",
               "team": "payments"}}}
            """
                .formatted(PLAIN));

    redactor.redact(secret);

    assertThat(secret.path("metadata").path("annotations").path(Redactor.LAST_APPLIED).asText())
        .matches("<redacted sha256:[0-9a-f]{8}>");
    assertThat(secret.path("metadata").path("annotations").path("team").asText())
        .isEqualTo("payments");
  }

  @Test
  void envValuesWithSensitiveNamesAreRedactedInAnyKindAndInTheirLastAppliedCopy() throws Exception {
    String env =
        """
        [{"name": "DB_PASSWORD", "value": "%s"}, {"name": "api_token", "value": "%s"},
         {"name": "LOG_LEVEL", "value": "debug"},
         {"name": "SECRET_REF", "valueFrom": {"secretKeyRef": {"name": "db", "key": "p"}}}]
        """
            .formatted(PLAIN, PLAIN);
    String template =
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":"
            + env
            + "}]}}}}";
    ObjectNode deployment =
        parse(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "annotations": {
               "kubectl.kubernetes.io/last-applied-configuration": %s}},
             "spec": {"template": {"spec": {"containers": [{"name": "web", "env": %s}]}}}}
            """
                .formatted(EventCodec.mapper().writeValueAsString(template), env));

    redactor.redact(deployment);

    assertThat(deployment.toString()).doesNotContain(PLAIN).contains("debug");
    var vars = deployment.at("/spec/template/spec/containers/0/env");
    assertThat(vars.get(0).path("value").asText()).matches("<redacted sha256:[0-9a-f]{8}>");
    assertThat(vars.get(1).path("value").asText()).matches("<redacted sha256:[0-9a-f]{8}>");
    assertThat(vars.get(3).path("valueFrom").path("secretKeyRef").path("key").asText())
        .isEqualTo("p");
    String applied =
        deployment.path("metadata").path("annotations").path(Redactor.LAST_APPLIED).asText();
    assertThat(applied).contains("\"LOG_LEVEL\"").contains("<redacted sha256:");
  }

  @Test
  void configuredPathsAreRedactedForTheirKindOnly() throws Exception {
    Redactor custom =
        new Redactor(
            new RedactionRules(List.of(), List.of(PathRule.parse("ConfigMap:data.password"))));
    ObjectNode configMap =
        parse(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"password\":\"%s\",\"x\":\"1\"}}"
                .formatted(PLAIN));
    ObjectNode other =
        parse("{\"apiVersion\":\"v1\",\"kind\":\"Other\",\"data\":{\"password\":\"visible\"}}");

    custom.redact(configMap);
    custom.redact(other);

    assertThat(configMap.toString()).doesNotContain(PLAIN).contains("\"x\":\"1\"");
    assertThat(other.path("data").path("password").asText()).isEqualTo("visible");
  }
}
