package dev.kew.producer.watch;

import dev.kew.model.FieldManager;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who changed an object, read from {@code metadata.managedFields} as kube-apiserver keeps it: the
 * entries (told apart by manager, operation and subresource) that are new in this version, whose
 * {@code time} moved, or whose {@code fieldsV1} gained a field since the previous one. An entry
 * that only lost fields is not named: another manager took them over (and is named) or the manager
 * removed them (which moves its time). An ADDED object names every entry it has; a DELETED one
 * names nobody (Kubernetes records no manager for a deletion).
 *
 * <p>What it cannot see: kube-apiserver writes {@code time} to the second, so a second change by
 * the same manager to the same fields within one second leaves its entry as it was, and names
 * nobody; the entry of a manager whose fields were all taken over by another disappears, and is not
 * named (the taker is).
 *
 * <p>Bounded: at most {@value #MAX_MANAGERS} managers (in the order of {@code managedFields}),
 * manager, operation and subresource cut to {@value #MAX_NAME_CHARS} characters. Other values,
 * control characters included, are kept as data: consumers escape them on output. An entry without
 * a manager is skipped; a time that is not RFC 3339 is left out.
 */
public final class ChangedBy {

  /** Most managers named for one change. */
  public static final int MAX_MANAGERS = 16;

  /** Longest manager, operation or subresource kept; kube-apiserver allows 128 for a manager. */
  public static final int MAX_NAME_CHARS = 128;

  private ChangedBy() {}

  /** The managers of a new object: every entry it has. */
  public static List<FieldManager> added(HasMetadata object) {
    return changed(List.of(), entries(object));
  }

  /** The managers whose entries changed from {@code previous} to {@code next}. */
  public static List<FieldManager> between(HasMetadata previous, HasMetadata next) {
    return changed(entries(previous), entries(next));
  }

  private static List<FieldManager> changed(
      List<ManagedFieldsEntry> before, List<ManagedFieldsEntry> after) {
    Map<Key, ManagedFieldsEntry> previous = new HashMap<>();
    for (ManagedFieldsEntry entry : before) {
      if (entry != null) {
        previous.putIfAbsent(Key.of(entry), entry);
      }
    }
    List<FieldManager> managers = new ArrayList<>();
    Set<Key> named = new HashSet<>();
    for (ManagedFieldsEntry entry : after) {
      if (managers.size() == MAX_MANAGERS) {
        break;
      }
      if (entry == null || entry.getManager() == null || entry.getManager().isBlank()) {
        continue;
      }
      Key key = Key.of(entry);
      ManagedFieldsEntry old = previous.get(key);
      boolean changed =
          old == null
              || !Objects.equals(old.getTime(), entry.getTime())
              || gained(fields(old), fields(entry));
      if (changed && named.add(key)) {
        managers.add(
            new FieldManager(
                cut(entry.getManager()),
                cut(entry.getOperation()),
                cut(entry.getSubresource()),
                time(entry.getTime())));
      }
    }
    return List.copyOf(managers);
  }

  private static Object fields(ManagedFieldsEntry entry) {
    FieldsV1 fields = entry.getFieldsV1();
    return fields == null ? Map.of() : fields.getAdditionalProperties();
  }

  /**
   * Whether the fieldsV1 tree {@code after} holds a field {@code before} lacks. A tree that only
   * shrank lost fields to another manager (who is the one named) or dropped them, which moves the
   * entry's time.
   */
  private static boolean gained(Object before, Object after) {
    if (!(after instanceof Map<?, ?> afterFields)) {
      return !Objects.equals(before, after);
    }
    if (!(before instanceof Map<?, ?> beforeFields)) {
      return !afterFields.isEmpty() || before != null;
    }
    for (Map.Entry<?, ?> field : afterFields.entrySet()) {
      if (!beforeFields.containsKey(field.getKey())
          || gained(beforeFields.get(field.getKey()), field.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static List<ManagedFieldsEntry> entries(HasMetadata object) {
    ObjectMeta metadata = object == null ? null : object.getMetadata();
    if (metadata == null || metadata.getManagedFields() == null) {
      return List.of();
    }
    return metadata.getManagedFields();
  }

  private static String cut(String value) {
    if (value == null || value.length() <= MAX_NAME_CHARS) {
      return value;
    }
    int end =
        Character.isHighSurrogate(value.charAt(MAX_NAME_CHARS - 1))
            ? MAX_NAME_CHARS - 1
            : MAX_NAME_CHARS;
    return value.substring(0, end);
  }

  /** An RFC 3339 time ({@code 2026-12-02T10:15:30Z}, or with an offset); null for anything else. */
  private static Instant time(String value) {
    if (value == null || value.length() > 64) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** What tells entries apart, as kube-apiserver does: manager, operation, subresource. */
  private record Key(String manager, String operation, String subresource) {
    static Key of(ManagedFieldsEntry entry) {
      String subresource = entry.getSubresource();
      return new Key(
          entry.getManager(),
          entry.getOperation(),
          subresource == null || subresource.isEmpty() ? null : subresource);
    }
  }
}
