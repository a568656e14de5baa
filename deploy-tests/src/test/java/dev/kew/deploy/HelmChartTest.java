package dev.kew.deploy;

import static dev.kew.deploy.HelmChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.kew.deploy.HelmChart.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HelmChartTest {

  private static final String FULLNAME = "kew-kube-event-watcher";
  private static final String PRODUCER = FULLNAME + "-producer";
  private static final List<String> GET_LIST_WATCH = List.of("get", "list", "watch");

  private static final String NAMESPACED =
      """
      producer:
        namespaces: [shop, payments]
        resources:
          - {group: apps, resource: deployments}
          - {group: "", resource: pods}
          - {group: "", resource: namespaces, clusterScoped: true}
      """;

  private static final String TLS_AND_SASL =
      """
      kafka:
        bootstrapServers: kafka-0.kafka:9093,kafka-1.kafka:9093
        tls: {enabled: true, existingSecret: kafka-tls, certKey: tls.crt, keyKey: tls.key}
        sasl: {enabled: true, mechanism: SCRAM-SHA-512, existingSecret: kafka-user}
      """;

  private static final String CONSUMERS =
      """
      consumers:
        - name: print
          output: sentence
          namespaces: [payments]
          types: [DELETED]
        - name: alerts
          replicas: 2
          sinksConfig: {existingSecret: kew-sinks, key: routes.yaml}
      """;

  @Test
  void chartPassesStrictLint() {
    LintResult lint = HelmChart.lintStrict();

    assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
  }

  @Test
  void defaultsRenderTypedKubernetesObjects() {
    Manifests manifests = HelmChart.template("");

    assertThat(manifests.all()).noneMatch(GenericKubernetesResource.class::isInstance);
    assertThat(manifests.names())
        .containsExactlyInAnyOrder(
            "ServiceAccount/" + FULLNAME,
            "ConfigMap/" + FULLNAME + "-kafka",
            "ClusterRole/" + FULLNAME + "-" + NAMESPACE + "-watch",
            "ClusterRoleBinding/" + FULLNAME + "-" + NAMESPACE + "-watch",
            "Role/" + FULLNAME + "-leader-election",
            "RoleBinding/" + FULLNAME + "-leader-election",
            "Service/" + PRODUCER + "-metrics",
            "Deployment/" + PRODUCER,
            "PodDisruptionBudget/" + PRODUCER);
    assertThat(manifests.all())
        .allSatisfy(
            resource ->
                assertThat(resource.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/name", "kube-event-watcher")
                    .containsEntry("app.kubernetes.io/instance", "kew")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", Project.version())
                    .containsKey("helm.sh/chart"));
  }

  @Test
  void everyVariantRendersTypedObjectsExceptTheServiceMonitor() {
    Manifests manifests =
        HelmChart.template(
            NAMESPACED
                + TLS_AND_SASL
                + CONSUMERS
                + """
                metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}
                networkPolicy: {enabled: true, allowExternalEgress: false}
                """);

    assertThat(manifests.all())
        .filteredOn(GenericKubernetesResource.class::isInstance)
        .extracting(HasMetadata::getKind)
        .containsExactly("ServiceMonitor");
    GenericKubernetesResource monitor = manifests.ofType(GenericKubernetesResource.class).get(0);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(manifests.ofType(NetworkPolicy.class)).hasSize(2);
    assertThat(manifests.ofType(Deployment.class)).hasSize(3);
  }

  @Test
  void allNamespacesGetOneClusterRoleWithGetListWatchOnExactlyTheWatchedResources() {
    Manifests manifests = HelmChart.template("");

    ClusterRole role = manifests.one(ClusterRole.class, FULLNAME + "-" + NAMESPACE + "-watch");
    assertThat(role.getRules())
        .extracting(HelmChartTest::describe)
        .containsExactlyInAnyOrder(
            "[] [configmaps, pods, services] [get, list, watch]",
            "[apps] [deployments] [get, list, watch]");
    ClusterRoleBinding binding = manifests.ofType(ClusterRoleBinding.class).get(0);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(FULLNAME);
              assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
    assertThat(manifests.ofType(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(FULLNAME + "-leader-election");
  }

  @Test
  void namespaceListGetsOneRolePerNamespaceAndAClusterRoleOnlyForClusterScopedKinds() {
    Manifests manifests = HelmChart.template(NAMESPACED);

    List<Role> watchRoles =
        manifests.ofType(Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-watch"))
            .toList();
    assertThat(watchRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "payments");
    assertThat(watchRoles)
        .allSatisfy(
            role ->
                assertThat(role.getRules())
                    .extracting(HelmChartTest::describe)
                    .containsExactlyInAnyOrder(
                        "[] [pods] [get, list, watch]", "[apps] [deployments] [get, list, watch]"));
    assertThat(manifests.ofType(RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().endsWith("-watch"))
        .extracting(b -> b.getMetadata().getNamespace() + "->" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder(
            "shop->" + FULLNAME + "-watch", "payments->" + FULLNAME + "-watch");
    assertThat(manifests.ofType(ClusterRole.class))
        .singleElement()
        .extracting(r -> r.getRules().stream().map(HelmChartTest::describe).toList())
        .isEqualTo(List.of("[] [namespaces] [get, list, watch]"));
    assertThat(env(producer(manifests))).containsEntry("KEW_NAMESPACES", "shop,payments");
  }

  @Test
  void namespaceListWithoutClusterScopedKindsCreatesNoClusterRole() {
    Manifests manifests = HelmChart.template("producer: {namespaces: [shop]}");

    assertThat(manifests.ofType(ClusterRole.class)).isEmpty();
    assertThat(manifests.ofType(ClusterRoleBinding.class)).isEmpty();
  }

  @Test
  void leasesAreGrantedOnlyInTheReleaseNamespace() {
    for (String values : List.of("", NAMESPACED)) {
      Manifests manifests = HelmChart.template(values);

      List<String> leaseRules =
          Stream.concat(
                  manifests.ofType(Role.class).stream()
                      .flatMap(
                          r ->
                              r.getRules().stream()
                                  .map(
                                      rule ->
                                          r.getMetadata().getNamespace() + " " + describe(rule))),
                  manifests.ofType(ClusterRole.class).stream()
                      .flatMap(r -> r.getRules().stream().map(rule -> "cluster " + describe(rule))))
              .filter(rule -> rule.contains("leases"))
              .toList();
      assertThat(leaseRules)
          .containsExactly(
              NAMESPACE + " [coordination.k8s.io] [leases] [get, update]",
              NAMESPACE + " [coordination.k8s.io] [leases] [create]");
    }
  }

  @Test
  void getAndUpdateReachOnlyTheProducersOwnLeaseAndCreateNoExistingObject() {
    Role role = HelmChart.template("").one(Role.class, FULLNAME + "-leader-election");

    assertThat(role.getRules())
        .satisfiesExactly(
            named -> {
              assertThat(named.getVerbs()).containsExactly("get", "update");
              assertThat(named.getResourceNames()).containsExactly(FULLNAME + "-producer");
            },
            create -> {
              assertThat(create.getVerbs()).containsExactly("create");
              assertThat(create.getResourceNames()).isNullOrEmpty();
            });
    assertThat(
            HelmChart.template("").ofType(Deployment.class).stream()
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .flatMap(c -> c.getEnv().stream())
                .filter(env -> env.getName().equals("KEW_LEASE_NAME"))
                .map(env -> env.getValue()))
        .as("the Lease the producer uses is the one the Role names")
        .containsExactly(FULLNAME + "-producer");
  }

  @Test
  void noRuleUsesAWildcardOrAVerbBeyondReading() {
    Manifests manifests = HelmChart.template(NAMESPACED + CONSUMERS);

    List<PolicyRule> rules =
        Stream.concat(
                manifests.ofType(Role.class).stream().flatMap(r -> r.getRules().stream()),
                manifests.ofType(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()))
            .toList();
    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*").allMatch(r -> !r.contains("/"));
              assertThat(rule.getVerbs()).doesNotContain("*");
              if (!rule.getResources().equals(List.of("leases"))) {
                assertThat(rule.getResourceNames()).isNullOrEmpty();
              }
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
              if (rule.getResources().contains("leases")) {
                assertThat(rule.getVerbs()).isSubsetOf("get", "create", "update");
              } else {
                assertThat(rule.getVerbs()).isEqualTo(GET_LIST_WATCH);
              }
            });
  }

  @Test
  void producerWatchesWhatTheRbacAllows() {
    Manifests manifests =
        HelmChart.template(
            """
            producer:
              resources:
                - {group: "", resource: pods}
                - {group: cert-manager.io, resource: certificates}
                - {group: "", resource: nodes, clusterScoped: true}
              labelSelector: app=web
              clusterName: prod-eu
            """);

    assertThat(env(producer(manifests)))
        .containsEntry("KEW_RESOURCES", "pods,certificates.cert-manager.io,nodes")
        .containsEntry("KEW_LABEL_SELECTOR", "app=web")
        .containsEntry("KEW_CLUSTER_NAME", "prod-eu")
        .doesNotContainKey("KEW_NAMESPACES");
    assertThat(manifests.ofType(ClusterRole.class).get(0).getRules())
        .extracting(HelmChartTest::describe)
        .containsExactlyInAnyOrder(
            "[] [nodes, pods] [get, list, watch]",
            "[cert-manager.io] [certificates] [get, list, watch]");
  }

  @Test
  void everyPodRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities() {
    Manifests manifests = HelmChart.template(CONSUMERS);

    List<Deployment> deployments = manifests.ofType(Deployment.class);
    assertThat(deployments).hasSize(3);
    for (Deployment deployment : deployments) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      Container container = pod.getContainers().get(0);
      var security = container.getSecurityContext();
      assertThat(security.getRunAsNonRoot()).isTrue();
      assertThat(security.getReadOnlyRootFilesystem()).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).isFalse();
      assertThat(security.getPrivileged()).isNull();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(container.getVolumeMounts())
          .filteredOn(m -> m.getMountPath().equals("/tmp"))
          .singleElement()
          .satisfies(m -> assertThat(volume(pod, m.getName()).getEmptyDir()).isNotNull());
      assertThat(container.getVolumeMounts())
          .filteredOn(m -> !m.getMountPath().equals("/tmp"))
          .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
    }
    assertThat(podSpec(manifests, PRODUCER).getAutomountServiceAccountToken()).isTrue();
    assertThat(podSpec(manifests, FULLNAME + "-consumer-print").getAutomountServiceAccountToken())
        .isFalse();
    assertThat(manifests.one(ServiceAccount.class, FULLNAME).getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void probesCheckHealthAndReadinessOnTheMetricsPort() {
    Manifests manifests = HelmChart.template(CONSUMERS + "metrics: {port: 9090}");

    for (Deployment deployment : manifests.ofType(Deployment.class)) {
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getPorts())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.getName()).isEqualTo("metrics");
                assertThat(port.getContainerPort()).isEqualTo(9090);
              });
      assertHttpProbe(container.getLivenessProbe(), "/healthz");
      assertHttpProbe(container.getReadinessProbe(), "/readyz");
    }
    assertThat(env(producer(manifests)))
        .as("the producer serves on the port the chart probes")
        .containsEntry("KEW_METRICS_PORT", "9090");
    Service service = manifests.one(Service.class, PRODUCER + "-metrics");
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo("metrics");
    assertThat(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "producer");
  }

  @Test
  void leaderElectionIsOnWithTheLeaseTheRbacGrantsInTheReleaseNamespace() {
    Map<String, String> env = env(producer(HelmChart.template("producer: {replicas: 2}")));

    assertThat(env)
        .containsEntry("KEW_LEADER_ELECTION", "true")
        .containsEntry("KEW_LEASE_NAME", PRODUCER)
        .containsEntry("KEW_LEASE_NAMESPACE", NAMESPACE)
        .containsEntry("KEW_LEASE_DURATION", "15s")
        .containsEntry("KEW_LEASE_RENEW_DEADLINE", "10s")
        .containsEntry("KEW_LEASE_RETRY_PERIOD", "2s")
        .containsEntry("KEW_WATCH_STALL_TIMEOUT", "10m")
        .containsEntry("KEW_LOG_FORMAT", "text");

    Map<String, String> off =
        env(producer(HelmChart.template("producer: {leaderElection: {enabled: false}}")));
    assertThat(off)
        .containsEntry("KEW_LEADER_ELECTION", "false")
        .doesNotContainKey("KEW_LEASE_NAME");
  }

  @Test
  void kafkaOutageBoundsComeFromValues() {
    assertThat(env(producer(HelmChart.template(""))))
        .containsEntry("KEW_MAX_IN_FLIGHT", "10000")
        .containsEntry("KEW_KAFKA_OUTAGE_LIMIT", "5m");
    assertThat(
            env(
                producer(
                    HelmChart.template("producer: {maxInFlight: 500, kafkaOutageLimit: 30s}"))))
        .containsEntry("KEW_MAX_IN_FLIGHT", "500")
        .containsEntry("KEW_KAFKA_OUTAGE_LIMIT", "30s");
  }

  @Test
  void probesCanBeTurnedOff() {
    Container producer =
        producer(HelmChart.template("producer: {livenessProbe: {enabled: false}}"));

    assertThat(producer.getLivenessProbe()).isNull();
    assertThat(producer.getReadinessProbe()).isNotNull();
  }

  @Test
  void tlsAndSaslCredentialsComeFromExistingSecretsAndNeverFromTheConfigMap() throws IOException {
    Manifests manifests = HelmChart.template(TLS_AND_SASL + CONSUMERS);

    Properties kafka = kafkaProperties(manifests);
    assertThat(kafka)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"${env:KAFKA_SASL_USERNAME}\" password=\"${env:KAFKA_SASL_PASSWORD}\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/kew/kafka-tls/ca.crt")
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.key", "${dir:/etc/kew/kafka-tls:tls.key}")
        .containsEntry("ssl.keystore.certificate.chain", "${dir:/etc/kew/kafka-tls:tls.crt}")
        .containsEntry("config.providers", "env,dir")
        .containsEntry("config.providers.dir.param.allowed.paths", "/etc/kew/kafka-tls");
    for (Deployment deployment : manifests.ofType(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      Map<String, EnvVar> env = envVars(container);
      assertThat(env.get("KAFKA_SASL_USERNAME").getValueFrom().getSecretKeyRef())
          .satisfies(
              ref -> {
                assertThat(ref.getName()).isEqualTo("kafka-user");
                assertThat(ref.getKey()).isEqualTo("username");
              });
      assertThat(env.get("KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("password");
      assertThat(env.get("KAFKA_SASL_PASSWORD").getValue()).isNull();
      assertThat(env.get("KEW_KAFKA_CONFIG").getValue())
          .isEqualTo("/etc/kew/kafka/kafka.properties");
      assertThat(env.get("KEW_BOOTSTRAP_SERVERS").getValue())
          .isEqualTo("kafka-0.kafka:9093,kafka-1.kafka:9093");
      assertThat(volume(pod, "kafka-tls").getSecret().getSecretName()).isEqualTo("kafka-tls");
      assertThat(container.getVolumeMounts())
          .filteredOn(m -> m.getName().equals("kafka-tls"))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/kew/kafka-tls");
                assertThat(m.getReadOnly()).isTrue();
              });
    }
  }

  @Test
  void plainConnectionWritesNoSecurityProperties() throws IOException {
    Manifests manifests = HelmChart.template("kafka: {config: {compression.type: zstd}}");

    assertThat(kafkaProperties(manifests))
        .containsOnlyKeys("compression.type")
        .containsEntry("compression.type", "zstd");
    assertThat(env(producer(manifests))).doesNotContainKeys("KAFKA_SASL_USERNAME");
  }

  @Test
  void saslPlainWithoutTlsUsesThePlainLoginModule() throws IOException {
    Properties kafka =
        kafkaProperties(
            HelmChart.template(
                "kafka: {sasl: {enabled: true, mechanism: PLAIN, existingSecret: user}}"));

    assertThat(kafka)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("config.providers", "env");
    assertThat(kafka.getProperty("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required ");
  }

  @Test
  void consumersGetTheirOwnDeploymentGroupAndSinksConfigFromASecret() {
    Manifests manifests = HelmChart.template(CONSUMERS);

    Deployment print = manifests.one(Deployment.class, FULLNAME + "-consumer-print");
    Container printer = print.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(printer.getImage())
        .isEqualTo("kube-event-watcher/event-consumer:" + Project.version());
    assertThat(env(printer))
        .containsEntry("KEW_GROUP", "kew-print")
        .containsEntry("KEW_OUTPUT", "sentence")
        .containsEntry("KEW_NAMESPACES", "payments")
        .containsEntry("KEW_TYPES", "DELETED");
    assertThat(printer.getArgs()).isNullOrEmpty();

    Deployment alerts = manifests.one(Deployment.class, FULLNAME + "-consumer-alerts");
    PodSpec pod = alerts.getSpec().getTemplate().getSpec();
    assertThat(alerts.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getContainers().get(0).getArgs())
        .containsExactly("--config", "/etc/kew/sinks/routes.yaml");
    assertThat(volume(pod, "sinks").getSecret().getSecretName()).isEqualTo("kew-sinks");
    assertThat(alerts.getSpec().getSelector().getMatchLabels())
        .containsEntry("kube-event-watcher.dev/consumer", "alerts")
        .containsEntry("app.kubernetes.io/component", "consumer");
    assertThat(manifests.find(Service.class, FULLNAME + "-consumer-alerts-metrics")).isPresent();
  }

  @Test
  void aChangedKafkaConfigRollsThePods() {
    String before = checksum(HelmChart.template(""));
    String same = checksum(HelmChart.template(""));
    String after = checksum(HelmChart.template("kafka: {config: {linger.ms: 20}}"));

    assertThat(before).isNotBlank().isEqualTo(same).isNotEqualTo(after);
  }

  @Test
  void disruptionBudgetAllowsOneProducerDownByDefault() {
    PodDisruptionBudget pdb = HelmChart.template("").one(PodDisruptionBudget.class, PRODUCER);

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "producer");
  }

  @Test
  void imagesAreTheOnesJibBuildsTaggedWithTheProjectVersion() throws IOException {
    String chart = Files.readString(HelmChart.directory().resolve("Chart.yaml"));
    Container producer = producer(HelmChart.template(""));

    assertThat(chart).contains("appVersion: \"" + Project.version() + "\"");
    assertThat(producer.getImage())
        .isEqualTo("kube-event-watcher/watcher-producer:" + Project.version());
    assertThat(
            producer(HelmChart.template("producer: {image: {registry: ghcr.io/acme, tag: v1}}"))
                .getImage())
        .isEqualTo("ghcr.io/acme/kube-event-watcher/watcher-producer:v1");
  }

  static Stream<List<String>> badValues() {
    return Stream.of(
        List.of("producer: {replicas: two}", "at '/producer/replicas': got string, want integer"),
        List.of(
            "producer: {resources: [{group: '*', resource: '*'}]}",
            "at '/producer/resources/0/resource': '*' does not match pattern"),
        List.of("producer: {resources: []}", "at '/producer/resources'"),
        List.of(
            "producer: {resourcez: [pods]}",
            "at '/producer': additional properties 'resourcez' not allowed"),
        List.of(
            "kafka: {sasl: {enabled: true}}",
            "at '/kafka/sasl/existingSecret': minLength: got 0, want 1"),
        List.of(
            "kafka: {sasl: {enabled: true, existingSecret: s, mechanism: GSSAPI}}",
            "at '/kafka/sasl/mechanism'"),
        List.of(
            "kafka: {tls: {enabled: true, existingSecret: t, certKey: tls.crt}}",
            "at '/kafka/tls/keyKey': minLength: got 0, want 1"),
        List.of(
            "kafka: {bootstrapServers: kafka}",
            "at '/kafka/bootstrapServers': 'kafka' does not match pattern"),
        List.of("consumers: [{name: Bad_Name}]", "at '/consumers/0/name'"),
        List.of("consumers: [{name: a, output: yaml}]", "at '/consumers/0/output'"),
        List.of(
            "consumers: [{name: a}, {name: a}]",
            "consumers: the name \"a\" is used twice; each consumer needs its own name"),
        List.of("producer: {retention: 7 days}", "at '/producer/retention'"),
        List.of("producer: {maxInFlight: 0}", "at '/producer/maxInFlight'"),
        List.of("producer: {kafkaOutageLimit: forever}", "at '/producer/kafkaOutageLimit'"),
        List.of("metrics: {port: 0}", "at '/metrics/port'"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesAreRejectedWithAMessageNamingTheValue(List<String> valuesAndMessage) {
    assertThatThrownBy(() -> HelmChart.templateYaml(valuesAndMessage.get(0)))
        .hasMessageContaining(valuesAndMessage.get(1));
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(probe.getPeriodSeconds()).isPositive();
  }

  private static String describe(PolicyRule rule) {
    return rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs();
  }

  static Container producer(Manifests manifests) {
    return podSpec(manifests, PRODUCER).getContainers().get(0);
  }

  private static PodSpec podSpec(Manifests manifests, String deployment) {
    return manifests.one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static Map<String, EnvVar> envVars(Container container) {
    return container.getEnv().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                EnvVar::getName,
                e -> e,
                (a, b) -> {
                  throw new AssertionError("environment variable set twice: " + a.getName());
                },
                java.util.LinkedHashMap::new));
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    envVars(container).forEach((name, env) -> values.put(name, String.valueOf(env.getValue())));
    return values;
  }

  static Properties kafkaProperties(Manifests manifests) throws IOException {
    ConfigMap config = manifests.one(ConfigMap.class, FULLNAME + "-kafka");
    Properties properties = new Properties();
    properties.load(new StringReader(config.getData().get("kafka.properties")));
    return properties;
  }

  private static String checksum(Manifests manifests) {
    return manifests
        .one(Deployment.class, PRODUCER)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/config");
  }
}
