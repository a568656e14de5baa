package dev.kew.producer.watch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's cache that keeps of each object only what the watch path reads from a cached object
 * again: its identity (apiVersion, kind, namespace, name, uid), its resourceVersion (fabric8
 * compares it to tell a change from a resync) and its {@code metadata.managedFields} as one Smile
 * array ({@link ChangedBy} compares them with the next version). The published form of each object
 * is kept once, by the change tracker; fabric8's default store would keep every whole object a
 * second time, as maps several times the size of its JSON.
 *
 * <p>Not a full state ({@link #isFullState()} is false), so fabric8 notifies each listed object as
 * it comes, with the whole object, and hands the slim form only where it hands a cached object: the
 * old side of an update, a relist's delete of a vanished object, and a resync (which the handler
 * skips).
 */
public final class SlimItemStore implements ItemStore<GenericKubernetesResource> {

  private static final ObjectMapper SMILE =
      new ObjectMapper(
          SmileFactory.builder().enable(SmileGenerator.Feature.CHECK_SHARED_NAMES).build());
  private static final TypeReference<List<ManagedFieldsEntry>> ENTRIES = new TypeReference<>() {};

  /** What is kept of one object. */
  private record Slim(
      String apiVersion, String kind, String uid, String resourceVersion, byte[] managedFields) {}

  private final Map<String, Slim> items;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public SlimItemStore() {
    this(new ConcurrentHashMap<>());
  }

  private SlimItemStore(Map<String, Slim> items) {
    this.items = items;
  }

  /** A new store holding what this one holds now (the arrays are shared: never changed). */
  public SlimItemStore copy() {
    SlimItemStore copy = new SlimItemStore(new ConcurrentHashMap<>(items));
    copy.names.putAll(names);
    return copy;
  }

  /** The UIDs of the cached objects, without restoring them. */
  public Set<String> uids() {
    Set<String> uids = new HashSet<>();
    items.values().forEach(slim -> uids.add(slim.uid()));
    uids.remove(null);
    return uids;
  }

  @Override
  public String getKey(GenericKubernetesResource object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
    return restore(key, items.put(key, slim(object)));
  }

  @Override
  public GenericKubernetesResource remove(String key) {
    return restore(key, items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return items.entrySet().stream().map(e -> restore(e.getKey(), e.getValue()));
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    return restore(key, items.get(key));
  }

  @Override
  public boolean isFullState() {
    return false;
  }

  private Slim slim(GenericKubernetesResource object) {
    ObjectMeta metadata = object.getMetadata();
    List<ManagedFieldsEntry> entries = metadata == null ? null : metadata.getManagedFields();
    byte[] managedFields = null;
    if (entries != null && !entries.isEmpty()) {
      try {
        managedFields = SMILE.writeValueAsBytes(entries);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot keep the managedFields of " + getKey(object), e);
      }
    }
    return new Slim(
        shared(object.getApiVersion()),
        shared(object.getKind()),
        metadata == null ? null : metadata.getUid(),
        metadata == null ? null : metadata.getResourceVersion(),
        managedFields);
  }

  /** One instance per distinct apiVersion and kind, not one per object. */
  private String shared(String value) {
    return value == null ? null : names.computeIfAbsent(value, v -> v);
  }

  private static GenericKubernetesResource restore(String key, Slim slim) {
    if (slim == null) {
      return null;
    }
    ObjectMeta metadata = new ObjectMeta();
    int slash = key.indexOf('/');
    metadata.setNamespace(slash < 0 ? null : key.substring(0, slash));
    metadata.setName(key.substring(slash + 1));
    metadata.setUid(slim.uid());
    metadata.setResourceVersion(slim.resourceVersion());
    if (slim.managedFields() != null) {
      try {
        metadata.setManagedFields(SMILE.readValue(slim.managedFields(), ENTRIES));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the kept managedFields of " + key, e);
      }
    }
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(slim.apiVersion());
    object.setKind(slim.kind());
    object.setMetadata(metadata);
    return object;
  }
}
