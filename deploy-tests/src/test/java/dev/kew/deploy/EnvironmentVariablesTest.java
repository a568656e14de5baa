package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kew.deploy.HelmChart.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every environment variable the deployment files set is one the apps actually read. */
class EnvironmentVariablesTest {

  private static final AppEnvironment PRODUCER = AppEnvironment.producer();
  private static final AppEnvironment CONSUMER = AppEnvironment.consumer();
  private static final AppEnvironment HISTORY = AppEnvironment.history();

  /** Read by Kafka's EnvVarConfigProvider through sasl.jaas.config, not by the apps' flags. */
  private static final Pattern KAFKA_ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");

  /** Every value of the chart that sets a variable, so that each of them is rendered. */
  private static final String EVERY_OPTION =
      """
      logLevel: DEBUG
      producer:
        namespaces: [shop]
        labelSelector: app=web
        clusterName: prod
        replicationFactor: 3
      kafka:
        tls: {enabled: true, existingSecret: kafka-tls, certKey: tls.crt, keyKey: tls.key}
        sasl: {enabled: true, existingSecret: kafka-user}
      consumers:
        - name: all
          group: g
          output: json
          kinds: [Deployment]
          namespaces: [shop]
          types: [ADDED]
      history:
        enabled: true
        token: {existingSecret: kew-history}
      """;

  @Test
  void theAppsReadTheirDocumentedVariables() {
    assertThat(PRODUCER.variables())
        .contains(
            "KEW_BOOTSTRAP_SERVERS",
            "KEW_TOPIC",
            "KEW_KAFKA_CONFIG",
            "KEW_RESOURCES",
            "KEW_NAMESPACES",
            "KEW_KUBECONFIG",
            "KEW_LOG_LEVEL");
    assertThat(CONSUMER.variables())
        .contains("KEW_BOOTSTRAP_SERVERS", "KEW_GROUP", "KEW_OUTPUT", "KEW_LOG_LEVEL")
        .doesNotContain("KEW_RESOURCES", "KEW_KUBECONFIG");
  }

  @Test
  void composeSetsOnlyVariablesTheAppsRead() throws IOException {
    JsonNode services = compose().get("services");

    Set<String> producer = composeEnvironment(services.get("producer"));
    Set<String> consumer = composeEnvironment(services.get("consumer"));
    Set<String> history = composeEnvironment(services.get("history"));

    assertThat(producer).contains("KEW_BOOTSTRAP_SERVERS", "KEW_KUBECONFIG");
    assertThat(consumer).contains("KEW_BOOTSTRAP_SERVERS", "KEW_GROUP");
    assertThat(producer).as("read by watcher-producer").isSubsetOf(PRODUCER.variables());
    assertThat(consumer).as("read by event-consumer").isSubsetOf(CONSUMER.variables());
    assertThat(history).contains("KEW_INDEX_DIR", "KEW_HISTORY_ADDRESS");
    assertThat(history).as("read by event-history").isSubsetOf(HISTORY.variables());
  }

  @Test
  void composeRunsTheImagesJibBuildsAndAKraftBroker() throws IOException {
    JsonNode services = compose().get("services");

    assertThat(services.get("producer").get("image").asText())
        .isEqualTo("kube-event-watcher/watcher-producer:" + Project.version());
    assertThat(services.get("consumer").get("image").asText())
        .isEqualTo("kube-event-watcher/event-consumer:" + Project.version());
    assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:4.3.1");
    assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.get("k3s").get("profiles").get(0).asText()).isEqualTo("k3s");
    assertThat(services.get("k3s").get("command").asText()).contains("--tls-san=k3s");
    assertThat(services.get("producer").get("environment").get("KEW_KUBECONFIG").asText())
        .isEqualTo("/kube/config");
    assertThat(services.get("producer").get("profiles"))
        .as("the producer runs in both modes")
        .isNull();
  }

  @Test
  void chartSetsOnlyVariablesTheAppsRead() throws IOException {
    Manifests manifests = HelmChart.template(EVERY_OPTION);
    Set<String> kafkaReferences = new TreeSet<>();
    Matcher m = KAFKA_ENV_REFERENCE.matcher(String.join("\n", propertyValues(manifests)));
    while (m.find()) {
      kafkaReferences.add(m.group(1));
    }
    assertThat(kafkaReferences)
        .containsExactlyInAnyOrder("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");

    for (Deployment deployment : manifests.ofType(Deployment.class)) {
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      AppEnvironment app =
          switch (container.getName()) {
            case "producer" -> PRODUCER;
            case "history" -> HISTORY;
            default -> CONSUMER;
          };
      Set<String> readByKafka = new TreeSet<>();
      Set<String> readByApp = new TreeSet<>();
      for (String name : HelmChartTest.envVars(container).keySet()) {
        (name.startsWith("KEW_") ? readByApp : readByKafka).add(name);
      }
      assertThat(readByApp).as("KEW_* set for %s", app.app()).isSubsetOf(app.variables());
      assertThat(readByKafka)
          .as("other variables set for %s must be referenced by kafka.properties", app.app())
          .isSubsetOf(kafkaReferences);
    }
    Container producer = HelmChartTest.producer(manifests);
    assertThat(HelmChartTest.envVars(producer))
        .containsKeys(
            "KEW_NAMESPACES", "KEW_LABEL_SELECTOR", "KEW_CLUSTER_NAME", "KEW_REPLICATION_FACTOR");
  }

  private static List<String> propertyValues(Manifests manifests) throws IOException {
    List<String> values = new ArrayList<>();
    HelmChartTest.kafkaProperties(manifests)
        .forEach((key, value) -> values.add(String.valueOf(value)));
    return values;
  }

  private static JsonNode compose() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(Project.directory().resolve("docker-compose.yml").toFile());
  }

  /** The names a service's {@code environment} sets, in its map or its list form. */
  private static Set<String> composeEnvironment(JsonNode service) {
    JsonNode environment = service.get("environment");
    Set<String> names = new TreeSet<>();
    if (environment == null) {
      return names;
    }
    if (environment.isArray()) {
      environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
    } else {
      environment.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }
}
