package dev.kew.producer.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.kew.model.EventCodec;
import dev.kew.producer.paths.PathRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTrackerTest {

  private final InMemoryLastPublished store = new InMemoryLastPublished();
  private final ChangeTracker tracker =
      new ChangeTracker(
          store,
          List.of(PathRule.parse("Pod:status"), PathRule.parse("metadata.annotations.noise")));

  private static JsonNode deployment(String rv, int replicas, String image, String noise)
      throws Exception {
    return EventCodec.mapper()
        .readTree(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "uid": "u1", "resourceVersion": "%s", "generation": %s,
                          "annotations": {"noise": "%s"}},
             "spec": {"replicas": %d, "template": {"spec": {"containers": [
               {"name": "web", "image": "%s"}]}}},
             "status": {"readyReplicas": 1}}
            """
                .formatted(rv, rv, noise, replicas, image));
  }

  @Test
  void patchLeadsFromThePreviousPublishedVersionToTheNewOneWithOldValues() throws Exception {
    JsonNode before = deployment("1", 2, "nginx:1.25", "a");
    JsonNode after = deployment("2", 5, "nginx:1.27", "a");
    tracker.added("u1", before);

    ChangeTracker.Update update = tracker.modified("Deployment", "u1", after);

    assertThat(update.changed()).isTrue();
    assertThat(JsonPatch.apply(update.patch(), before)).isEqualTo(after);
    assertThat(update.patch().toString())
        .contains("{\"op\":\"replace\",\"fromValue\":2,\"path\":\"/spec/replicas\",\"value\":5}")
        .contains("\"path\":\"/spec/template/spec/containers/0/image\"");
    assertThat(store.get("u1")).contains(after);
  }

  @Test
  void updateOfIgnoredAndNoisePathsOnlyIsNoChangeAndKeepsThePublishedVersion() throws Exception {
    JsonNode before = deployment("1", 2, "nginx:1.25", "a");
    tracker.added("u1", before);

    ChangeTracker.Update update =
        tracker.modified("Deployment", "u1", deployment("2", 2, "nginx:1.25", "b"));

    assertThat(update.changed()).isFalse();
    assertThat(store.get("u1")).contains(before);
  }

  @Test
  void aChangeBesideAnIgnoredPathCountsAndItsPatchHasBoth() throws Exception {
    tracker.added("u1", deployment("1", 2, "nginx:1.25", "a"));

    ChangeTracker.Update update =
        tracker.modified("Deployment", "u1", deployment("2", 2, "nginx:1.26", "b"));

    assertThat(update.changed()).isTrue();
    assertThat(update.patch().findValuesAsText("path"))
        .contains("/spec/template/spec/containers/0/image");
  }

  @Test
  void pathsIgnoredForAnotherKindStillCount() throws Exception {
    JsonNode before = deployment("1", 2, "nginx:1.25", "a");
    JsonNode after = deployment("2", 2, "nginx:1.25", "a");
    ((com.fasterxml.jackson.databind.node.ObjectNode) after.get("status")).put("readyReplicas", 2);
    tracker.added("u1", before);

    assertThat(tracker.modified("Deployment", "u1", after).changed()).isTrue();
  }

  @Test
  void withoutAPublishedVersionTheChangeHasNoPatchAndBecomesTheBase() throws Exception {
    JsonNode current = deployment("2", 3, "nginx:1.25", "a");
    JsonNode next = deployment("3", 4, "nginx:1.25", "a");

    assertThat(tracker.modified("Deployment", "u2", current))
        .isEqualTo(new ChangeTracker.Update(true, null));
    assertThat(JsonPatch.apply(tracker.modified("Deployment", "u2", next).patch(), current))
        .isEqualTo(next);
  }

  @Test
  void deletedObjectsAreForgotten() throws Exception {
    tracker.added("u1", deployment("1", 2, "nginx:1.25", "a"));

    tracker.deleted("u1");

    assertThat(store.size()).isZero();
    assertThat(store.storedBytes()).isZero();
  }
}
