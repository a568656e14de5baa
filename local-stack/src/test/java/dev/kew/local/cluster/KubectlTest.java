package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl (a client we did not write) against the simulated cluster through its kubeconfig: get
 * with selectors, {@code get -w} over chunked HTTP, {@code create -f}, the three patch types and
 * delete, each recorded in managedFields under the manager kubectl names.
 */
class KubectlTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @TempDir static Path dir;
  private static Path kubeconfig;

  @BeforeAll
  static void startSeededCluster() {
    cluster = SimulatedCluster.start(0);
    client = cluster.client();
    SeedData.apply(client);
    kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void kubectlInstalled() throws Exception {
    ExternalClient.KUBECTL.assumeInstalled();
  }

  @Test
  void getFiltersByLabelAndFieldSelectors() throws Exception {
    ExternalClient.Result web =
        kubectl(null, "get", "pods", "-n", "shop", "-l", "app=web", "-o", "name");
    ExternalClient.Result named =
        kubectl(
            null,
            "get",
            "deployments",
            "-A",
            "--field-selector",
            "metadata.name=grafana",
            "-o",
            "name");

    assertThat(web.exitCode()).as(web.output()).isZero();
    assertThat(web.output().lines())
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).startsWith("pod/web-"));
    assertThat(named.output().lines()).containsExactly("deployment.apps/grafana");
  }

  @Test
  void getWatchPrintsChangesAsTheyHappen() throws Exception {
    Path output = dir.resolve("watch.out");
    Process watch =
        ExternalClient.KUBECTL.start(
            output,
            kubeconfigArgs("get", "configmaps", "-n", "watched", "-w", "--output-watch-events"));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(output) && watch.isAlive());
      // kubectl lists first, then watches from the list's resourceVersion: a change made now is
      // either in the list or in the watch, never lost.
      Resource.configMap(client, "watched", "seen-by-kubectl").create();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(Files.readString(output)).contains("seen-by-kubectl"));
      client.configMaps().inNamespace("watched").withName("seen-by-kubectl").delete();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(output).lines())
                      .anySatisfy(
                          l -> assertThat(l).startsWith("DELETED").contains("seen-by-kubectl")));
    } finally {
      watch.destroy();
      watch.waitFor();
    }
  }

  @Test
  void createFromJsonThenPatchesOfEachTypeThenDelete() throws Exception {
    // Typed 'kubectl create configmap' sends protobuf: render it client-side, create it as JSON.
    ExternalClient.Result rendered =
        kubectl(
            null,
            "create",
            "configmap",
            "made-by-kubectl",
            "--from-literal=greeting=hello",
            "--from-literal=lang=en",
            "--dry-run=client",
            "-o",
            "json");
    ExternalClient.Result create = kubectl(rendered.output(), "create", "-f", "-");
    assertThat(create.exitCode()).as(create.output()).isZero();
    ConfigMap made = client.configMaps().inNamespace("default").withName("made-by-kubectl").get();
    assertThat(made.getData()).containsEntry("greeting", "hello");
    assertThat(UUID.fromString(made.getMetadata().getUid()).version()).isEqualTo(4);

    ExternalClient.Result merge =
        kubectl(
            null,
            "patch",
            "cm",
            "made-by-kubectl",
            "--type=merge",
            "-p",
            "{\"data\":{\"greeting\":\"hi\"}}");
    ExternalClient.Result json =
        kubectl(
            null,
            "patch",
            "cm",
            "made-by-kubectl",
            "--type=json",
            "-p",
            "[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"1\"}]");
    assertThat(merge.exitCode()).as(merge.output()).isZero();
    assertThat(json.exitCode()).as(json.output()).isZero();
    ConfigMap patched =
        client.configMaps().inNamespace("default").withName("made-by-kubectl").get();
    assertThat(patched.getData()).containsEntry("greeting", "hi").containsEntry("extra", "1");
    // kubectl-create keeps the field no patch touched; kubectl-patch owns the ones it wrote.
    assertThat(patched.getMetadata().getManagedFields())
        .extracting(e -> e.getManager() + " " + e.getFieldsV1().getAdditionalProperties())
        .containsExactly(
            "kubectl-create {f:data={f:lang={}}}",
            "kubectl-patch {f:data={f:greeting={}, f:extra={}}}");

    ExternalClient.Result delete = kubectl(null, "delete", "cm", "made-by-kubectl");
    assertThat(delete.exitCode()).as(delete.output()).isZero();
    assertThat(client.configMaps().inNamespace("default").withName("made-by-kubectl").get())
        .isNull();
  }

  @Test
  void strategicMergePatchMergesContainersByName() throws Exception {
    ExternalClient.Result patch =
        kubectl(
            null,
            "patch",
            "deployment",
            "api",
            "-n",
            "shop",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1.30\"}]}}}}");

    assertThat(patch.exitCode()).as(patch.output()).isZero();
    Deployment api = client.apps().deployments().inNamespace("shop").withName("api").get();
    assertThat(api.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("api=registry.example.com/shop/api:2.1.3", "sidecar=envoy:1.30");
    assertThat(api.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(api.getMetadata().getManagedFields())
        .filteredOn(e -> e.getManager().equals("kubectl-patch"))
        .singleElement()
        .satisfies(e -> assertThat(e.getOperation()).isEqualTo("Update"));
  }

  @Test
  void typedCreateFailsFastWithAHint() throws Exception {
    ExternalClient.Result create =
        kubectl(null, "create", "configmap", "typed", "--from-literal=a=b");

    assertThat(create.exitCode()).isNotZero();
    assertThat(create.output()).contains("JSON only", "kubectl create -f -");
  }

  private static ExternalClient.Result kubectl(String stdin, String... args) throws Exception {
    return ExternalClient.KUBECTL.run(dir, stdin, kubeconfigArgs(args));
  }

  private static String[] kubeconfigArgs(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--kubeconfig=" + kubeconfig;
    all[1] = "--cache-dir=" + dir.resolve("kube-cache");
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  /** Objects the tests create through fabric8. */
  private static final class Resource {
    static io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMap(
        KubernetesClient client, String namespace, String name) {
      return client
          .configMaps()
          .inNamespace(namespace)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withNamespace(namespace)
                  .withName(name)
                  .endMetadata()
                  .build());
    }
  }
}
