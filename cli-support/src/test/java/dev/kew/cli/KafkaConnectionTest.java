package dev.kew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

  private static final Map<String, String> CREDENTIALS =
      Map.of(
          "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"kew\""
                  + " password=\"jaas-S3CRET\";",
          "ssl.key.password", "key-S3CRET",
          "ssl.keystore.password", "keystore-S3CRET",
          "ssl.truststore.password", "truststore-S3CRET",
          "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- pem-S3CRET",
          "sasl.oauthbearer.client.credentials.client.secret", "oauth-S3CRET",
          "my.plugin.api.token", "plugin-S3CRET");

  @Test
  void toStringShowsTheSettingsButNoCredentialKafkaOrTheirNamesMarkAsSecret() {
    Map<String, String> properties = new java.util.HashMap<>(CREDENTIALS);
    properties.put("security.protocol", "SASL_SSL");
    properties.put("sasl.mechanism", "SCRAM-SHA-512");

    KafkaConnection connection = new KafkaConnection("k1:9093", "events", properties);

    assertThat(connection.toString())
        .contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "k1:9093")
        .contains("sasl.jaas.config=[hidden]", "ssl.keystore.key=[hidden]")
        .doesNotContain("S3CRET");
    assertThat(CREDENTIALS.keySet()).allMatch(KafkaConnection::isCredential);
    assertThat(KafkaConnection.isCredential("ssl.keystore.location")).isFalse();
  }

  @Test
  void aRecordHoldingTheConnectionPrintsNoCredentialEither() {
    record AppSettings(KafkaConnection kafka, String group) {}

    AppSettings settings =
        new AppSettings(new KafkaConnection("k1:9093", "events", CREDENTIALS), "kew");

    assertThat(settings.toString()).contains("group=kew").doesNotContain("S3CRET");
  }
}
