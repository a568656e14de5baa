package dev.kew.local.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.api.ApiServer;
import dev.kew.local.cluster.store.Json;
import dev.kew.local.cluster.store.ObjectStore;
import dev.kew.local.cluster.store.ObjectStore.Mutation;
import dev.kew.local.cluster.store.ResourceType;
import dev.kew.local.cluster.write.ObjectWrites;
import dev.kew.local.cluster.write.PatchDocument;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

/**
 * Many Pods of realistic size at once, for scale trials ({@code ./kew cluster --seed-pods N}, the
 * cluster benchmark): each as a Deployment's ReplicaSet would make it (owner reference, labels, a
 * container with resources, probes, env, ports and mounts, volumes, tolerations), created by {@code
 * kube-controller-manager} and reported running by {@code kubelet} through {@code /status}, so each
 * carries two managedFields entries: about 7 KB of JSON. They are written in process through the
 * same write rules as HTTP requests, one committed state per Pod (as a restored etcd snapshot would
 * appear), on every core, spread over {@value #NAMESPACES} namespaces {@code fleet-NN}; watches see
 * each as one ADDED.
 */
public final class PodFleet {

  static final int NAMESPACES = 20;
  private static final int PODS_PER_APP = 40;

  private final ObjectStore store;
  private final ObjectWrites writes;
  private final ResourceType pods;
  private final ResourceType namespaces;

  PodFleet(ObjectStore store, ApiServer server) {
    this.store = store;
    this.writes = server.writes();
    this.pods = server.resourceType("", "v1", "pods").orElseThrow();
    this.namespaces = server.resourceType("", "v1", "namespaces").orElseThrow();
  }

  /** Creates {@code count} Pods (and their namespaces), numbered from {@code first}. */
  void create(int first, int count) {
    for (int n = 0; n < NAMESPACES; n++) {
      String name = namespace(n);
      if (store.get(namespaces, null, name).isEmpty()) {
        ObjectNode ns = Json.MAPPER.createObjectNode();
        Json.metadata(ns).putObject("labels").put("kubernetes.io/metadata.name", name);
        store.write(
            namespaces, null, name, writes.create(namespaces, null, name, ns, "kubectl-create"));
      }
    }
    IntStream.range(first, first + count).parallel().forEach(this::createPod);
  }

  /**
   * Creates fleet Pod {@code i} as kube-controller-manager would, already reported running by
   * kubelet: both writes' rules (uid, creationTimestamp, two managedFields entries) make one
   * committed state, as a restored etcd snapshot shows a Pod, so watches see one ADDED.
   */
  private void createPod(int i) {
    String namespace = namespace(i % NAMESPACES);
    ObjectNode pod = pod(i);
    String name = Json.metadataText(pod, "name");
    Mutation create = writes.create(pods, namespace, name, pod, ManagerClients.CONTROLLER_MANAGER);
    Mutation running =
        writes.patch(
            pods,
            name,
            PatchDocument.MERGE_PATCH,
            status(i).getBytes(StandardCharsets.UTF_8),
            ManagerClients.KUBELET,
            "status");
    store.write(pods, namespace, name, current -> running.apply(create.apply(current)));
  }

  static String namespace(int n) {
    return String.format("fleet-%02d", n);
  }

  /** The namespace of fleet Pod {@code i}. */
  public static String namespaceOf(int i) {
    return namespace(i % NAMESPACES);
  }

  /** The name of fleet Pod {@code i}. */
  public static String nameOf(int i) {
    return String.format(
        "svc-%04d-%s-%05x",
        i / PODS_PER_APP, Integer.toHexString(0x5f3a9c00 + i / PODS_PER_APP), i);
  }

  private static ObjectNode pod(int i) {
    String app = String.format("svc-%04d", i / PODS_PER_APP);
    String hash = Integer.toHexString(0x5f3a9c00 + i / PODS_PER_APP);
    String json =
        """
        {"metadata":{"name":"%1$s-%2$s-%3$05x","generateName":"%1$s-%2$s-",
          "labels":{"app":"%1$s","app.kubernetes.io/name":"%1$s","app.kubernetes.io/part-of":"fleet",
            "pod-template-hash":"%2$s","tier":"backend"},
          "annotations":{"kubectl.kubernetes.io/default-container":"app",
            "prometheus.io/scrape":"true","prometheus.io/port":"9090"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"%1$s-%2$s",
            "uid":"6a1f3c52-0b7e-4d2a-9c41-%4$012x","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"containers":[
           {"name":"app","image":"registry.example.com/fleet/%1$s:1.%5$d.0",
            "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},
                     {"name":"metrics","containerPort":9090,"protocol":"TCP"}],
            "env":[{"name":"APP_NAME","value":"%1$s"},{"name":"LOG_LEVEL","value":"info"},
                   {"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},
                   {"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}}],
            "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},
            "livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"initialDelaySeconds":10,
              "periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
            "readinessProbe":{"httpGet":{"path":"/readyz","port":8080,"scheme":"HTTP"},"periodSeconds":5,
              "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
            "volumeMounts":[{"name":"config","mountPath":"/etc/app","readOnly":true},
              {"name":"kube-api-access","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true}],
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
          "volumes":[{"name":"config","configMap":{"name":"%1$s-config","defaultMode":420}},
            {"name":"kube-api-access","projected":{"defaultMode":420,"sources":[
              {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
              {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}]}}],
          "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
          "serviceAccountName":"default","nodeName":"node-%6$02d","schedulerName":"default-scheduler",
          "securityContext":{"runAsNonRoot":true,"runAsUser":10001},"priority":0,
          "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
            {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
         "status":{"phase":"Pending","qosClass":"Burstable"}}
        """
            .formatted(app, hash, i, i, i % 9, i % 32);
    return Json.object(json.getBytes(StandardCharsets.UTF_8), "a fleet Pod");
  }

  private static String status(int i) {
    String ip = "10.%d.%d.%d".formatted(100 + (i >> 16 & 0x3f), i >> 8 & 0xff, i & 0xff);
    return """
        {"status":{"phase":"Running","hostIP":"192.168.10.%1$d","podIP":"%2$s","podIPs":[{"ip":"%2$s"}],
          "startTime":"2026-11-30T08:00:00Z",
          "conditions":[
            {"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2026-11-30T08:00:02Z"},
            {"type":"Initialized","status":"True","lastTransitionTime":"2026-11-30T08:00:00Z"},
            {"type":"Ready","status":"True","lastTransitionTime":"2026-11-30T08:00:14Z"},
            {"type":"ContainersReady","status":"True","lastTransitionTime":"2026-11-30T08:00:14Z"},
            {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-30T08:00:00Z"}],
          "containerStatuses":[
            {"name":"app","ready":true,"started":true,"restartCount":0,"image":"registry.example.com/fleet/app",
             "imageID":"registry.example.com/fleet/app@sha256:4c1e2a9b7d3f","containerID":"containerd://%3$064x",
             "state":{"running":{"startedAt":"2026-11-30T08:00:04Z"}}}]}}
        """
        .formatted(i % 32, ip, i);
  }
}
