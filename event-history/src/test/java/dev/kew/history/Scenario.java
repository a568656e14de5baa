package dev.kew.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The history the API tests read, written as the producer writes envelopes: Deployment shop/web
 * created, scaled by kubectl-edit, given a new image by helm, deleted and created again under a new
 * uid; Deployment shop/db; ConfigMap payments/settings patched by kubectl-patch.
 */
final class Scenario {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final String WEB = "11111111-0000-4000-8000-000000000001";
  static final String WEB_AGAIN = "11111111-0000-4000-8000-000000000002";
  static final String DB = "11111111-0000-4000-8000-000000000003";
  static final String SETTINGS = "11111111-0000-4000-8000-000000000004";

  private Scenario() {}

  static Instant minutes(int m) {
    return T0.plusSeconds(60L * m);
  }

  /** Every event of the scenario, in the order written. */
  static List<ChangeEvent> events() {
    ObjectNode web1 = deployment("web", WEB, "10", 2, "web:1.4", "front");
    ObjectNode web2 = deployment("web", WEB, "11", 5, "web:1.4", "front");
    ObjectNode web3 = deployment("web", WEB, "12", 5, "web:1.5", "front");
    return List.of(
        ChangeEvent.of(EventType.ADDED, "prod", minutes(0), web1),
        ChangeEvent.of(
            EventType.ADDED, "prod", minutes(1), deployment("db", DB, "13", 1, "pg:16", "data")),
        ChangeEvent.of(EventType.ADDED, "prod", minutes(2), configMap("v1", "14")),
        ChangeEvent.of(EventType.MODIFIED, "prod", minutes(10), web2)
            .withPatch(patch("/spec/replicas", 5, 2))
            .withChangedBy(List.of(new FieldManager("kubectl-edit", "Update", null, minutes(10)))),
        ChangeEvent.of(EventType.MODIFIED, "prod", minutes(15), configMap("v2", "15"))
            .withPatch(patch("/data/mode", "v2", "v1"))
            .withChangedBy(List.of(new FieldManager("kubectl-patch", "Update", null, minutes(15)))),
        ChangeEvent.of(EventType.MODIFIED, "prod", minutes(20), web3)
            .withPatch(patch("/spec/template/spec/containers/0/image", "web:1.5", "web:1.4"))
            .withChangedBy(List.of(new FieldManager("helm", "Apply", null, minutes(20)))),
        ChangeEvent.of(EventType.DELETED, "prod", minutes(30), web3),
        ChangeEvent.of(
            EventType.ADDED,
            "prod",
            minutes(40),
            deployment("web", WEB_AGAIN, "20", 1, "web:2.0", "front")));
  }

  static ObjectNode deployment(
      String name, String uid, String resourceVersion, int replicas, String image, String tier) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "apps/v1").put("kind", "Deployment");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name).put("namespace", "shop").put("uid", uid);
    metadata.put("resourceVersion", resourceVersion);
    metadata.putObject("labels").put("app", name).put("tier", tier);
    ObjectNode spec = object.putObject("spec");
    spec.put("replicas", replicas);
    spec.putObject("template")
        .putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", name)
        .put("image", image);
    return object;
  }

  static ObjectNode configMap(String mode, String resourceVersion) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "v1").put("kind", "ConfigMap");
    object
        .putObject("metadata")
        .put("name", "settings")
        .put("namespace", "payments")
        .put("uid", SETTINGS)
        .put("resourceVersion", resourceVersion);
    object.putObject("data").put("mode", mode);
    return object;
  }

  static ArrayNode patch(String path, Object value, Object fromValue) {
    ArrayNode patch = EventCodec.mapper().createArrayNode();
    ObjectNode op = patch.addObject().put("op", "replace").put("path", path);
    op.set("value", EventCodec.mapper().valueToTree(value));
    op.set("fromValue", EventCodec.mapper().valueToTree(fromValue));
    return patch;
  }

  static Map<String, String> labels(String app) {
    return Map.of("app", app);
  }
}
