package dev.kew.local.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's promises to lists and watches, without HTTP in between. */
class ObjectStoreTest {

  private static final ResourceType CONFIG_MAPS =
      ResourceType.builtIn("v1", "configmaps", "ConfigMap", true, false, "cm");

  private final ObjectStore store = new ObjectStore(new StoreSettings(5, 3));

  @Test
  void deletionIsAChangeWithItsOwnResourceVersionCarryingTheLastState() {
    put("a", "app", "web");
    long before = store.currentRevision();

    ObjectStore.Committed deleted = store.write(CONFIG_MAPS, "ns", "a", current -> null);

    assertThat(deleted.type()).isEqualTo("DELETED");
    assertThat(rv(deleted.json())).isEqualTo(before + 1);
    assertThat(new String(deleted.json(), StandardCharsets.UTF_8)).contains("\"app\":\"web\"");
  }

  @Test
  void aWriteThatChangesNothingKeepsTheResourceVersion() {
    put("a", "app", "web");
    long before = store.currentRevision();

    ObjectStore.Committed same = store.write(CONFIG_MAPS, "ns", "a", current -> current);

    assertThat(same.type()).isNull();
    assertThat(store.currentRevision()).isEqualTo(before);
  }

  @Test
  void aWatchWithALabelSelectorSeesAnObjectLeavingAndEnteringItsSelection() {
    put("a", "app", "web");
    Subscription watch =
        store.watch(CONFIG_MAPS, "ns", Selector.parse("app=web", null), null, false);

    put("a", "app", "db");
    put("a", "app", "web");

    assertThat(types(watch)).containsExactly("ADDED", "DELETED", "ADDED");
  }

  @Test
  void aWatchFromAResourceVersionPastTheWindowGetsAnExpiredStatus() {
    put("a", "n", "0");
    long old = store.currentRevision();
    for (int i = 1; i <= 6; i++) {
      put("a", "n", Integer.toString(i)); // window of 5: the change after `old` is gone
    }

    Subscription watch = store.watch(CONFIG_MAPS, "ns", Selector.ALL, Long.toString(old), false);

    WatchEvent error = watch.poll();
    assertThat(error.type()).isEqualTo("ERROR");
    assertThat(new String(error.object(), StandardCharsets.UTF_8))
        .contains("\"reason\":\"Expired\"", "\"code\":410");
    assertThat(watch.finished()).isTrue();
  }

  @Test
  void aWatcherThatFallsBehindItsBufferIsClosedWithoutBlockingWriters() {
    Subscription slow = store.watch(CONFIG_MAPS, "ns", Selector.ALL, null, false);

    for (int i = 0; i < 10; i++) {
      put("o" + i, "n", "1"); // the buffer holds 3, nobody reads
    }

    assertThat(store.currentRevision()).isEqualTo(10);
    assertThat(slow.finished()).isTrue();
    assertThat(slow.endReason()).contains("fell more than the watch buffer behind");
  }

  @Test
  void pagesOfAListReadOneSnapshotWhileWritesGoOn() {
    for (int i = 0; i < 4; i++) {
      put("o" + i, "n", "1");
    }
    List<String> names = new ArrayList<>();
    String token;
    try (Listing first = store.list(CONFIG_MAPS, "ns", Selector.ALL, 2, null, null, null)) {
      first.forEachRemaining(json -> names.add(name(json)));
      token = first.continueToken();
    }
    store.write(CONFIG_MAPS, "ns", "o3", current -> null);
    put("o25", "n", "1");

    try (Listing second = store.list(CONFIG_MAPS, "ns", Selector.ALL, 2, null, null, token)) {
      second.forEachRemaining(json -> names.add(name(json)));
      assertThat(second.continueToken()).isNull();
    }

    assertThat(names).containsExactly("o0", "o1", "o2", "o3");
  }

  @Test
  void aContinueTokenOlderThanTheWindowIsExpired() {
    for (int i = 0; i < 3; i++) {
      put("o" + i, "n", "1");
    }
    String token;
    try (Listing first = store.list(CONFIG_MAPS, "ns", Selector.ALL, 1, null, null, null)) {
      first.forEachRemaining(json -> {});
      token = first.continueToken();
    }
    for (int i = 0; i < 6; i++) {
      put("o0", "n", Integer.toString(i));
    }

    assertThatThrownBy(() -> store.list(CONFIG_MAPS, "ns", Selector.ALL, 1, null, null, token))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(410));
  }

  @Test
  void concurrentWritesToOneObjectEachApplyOnceOnTheLatestState() throws Exception {
    int perThread = 500;
    Runnable increments =
        () -> {
          for (int i = 0; i < perThread; i++) {
            store.write(
                CONFIG_MAPS,
                "ns",
                "counter",
                current -> {
                  ObjectNode next = Json.MAPPER.createObjectNode();
                  next.putObject("metadata").put("name", "counter");
                  long count = current == null ? 0 : current.path("data").path("n").asLong();
                  next.putObject("data").put("n", Long.toString(count + 1));
                  return next;
                });
          }
        };
    Thread other = new Thread(increments);
    other.start();
    increments.run();
    other.join();

    byte[] stored = store.get(CONFIG_MAPS, "ns", "counter").orElseThrow();
    assertThat(Json.object(stored, "test").path("data").path("n").asText())
        .isEqualTo(Integer.toString(2 * perThread));
    assertThat(rv(stored)).isEqualTo(store.currentRevision()).isEqualTo(2L * perThread);
  }

  private void put(String name, String label, String value) {
    store.write(
        CONFIG_MAPS,
        "ns",
        name,
        current -> {
          ObjectNode object = Json.MAPPER.createObjectNode();
          ObjectNode metadata = object.putObject("metadata");
          metadata.put("name", name);
          metadata.putObject("labels").put(label, value);
          if (current != null) {
            metadata.put("resourceVersion", Json.metadataText(current, "resourceVersion"));
          }
          return object;
        });
  }

  private static List<String> types(Subscription watch) {
    List<String> types = new ArrayList<>();
    for (WatchEvent event = watch.poll(); event != null; event = watch.poll()) {
      types.add(event.type());
    }
    return types;
  }

  private static long rv(byte[] json) {
    return Long.parseLong(Json.metadataText(Json.object(json, "test"), "resourceVersion"));
  }

  private static String name(byte[] json) {
    return Json.metadataText(Json.object(json, "test"), "name");
  }
}
