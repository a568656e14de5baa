package dev.kew.consumer.replay;

import dev.kew.model.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Which object's history to print: by uid (the record key, so only its partition is read), or by
 * identity {@code kind/namespace/name} ({@code kind/name} for cluster-scoped objects), which
 * matches every incarnation of that name and, since the uid is not known, reads all partitions.
 *
 * @param uid the object's uid, or null
 * @param kind the kind, compared case-insensitively, or null with a uid
 * @param namespace the namespace, null for cluster-scoped objects or with a uid
 * @param name the name, or null with a uid
 */
public record ObjectQuery(String uid, String kind, String namespace, String name) {

  public static ObjectQuery byUid(String uid) {
    return new ObjectQuery(Objects.requireNonNull(uid), null, null, null);
  }

  /**
   * Parses {@code kind/namespace/name} or {@code kind/name}.
   *
   * @throws IllegalArgumentException for any other shape
   */
  public static ObjectQuery byIdentity(String text) {
    String[] parts = text.trim().split("/", -1);
    for (String part : parts) {
      if (part.isBlank()) {
        parts = new String[0];
        break;
      }
    }
    return switch (parts.length) {
      case 2 -> new ObjectQuery(null, parts[0], null, parts[1]);
      case 3 -> new ObjectQuery(null, parts[0], parts[1], parts[2]);
      default ->
          throw new IllegalArgumentException(
              "must be KIND/NAMESPACE/NAME or, for cluster-scoped objects, KIND/NAME, e.g."
                  + " Deployment/shop/web; was '"
                  + text
                  + "'");
    };
  }

  public boolean matches(ChangeEvent event) {
    if (uid != null) {
      return uid.equals(event.uid());
    }
    return kind.toLowerCase(Locale.ROOT).equals(event.kind().toLowerCase(Locale.ROOT))
        && Objects.equals(namespace, event.namespace())
        && name.equals(event.name());
  }

  /**
   * The one partition to read for a uid: the producer's default partitioner, {@code
   * toPositive(murmur2(key)) % partitions}; empty for a query by identity.
   */
  public Optional<Integer> partition(int partitions) {
    return uid == null ? Optional.empty() : Optional.of(partitionOf(uid, partitions));
  }

  /** Where Kafka's default partitioner puts the key {@code uid}. */
  public static int partitionOf(String uid, int partitions) {
    return Utils.toPositive(Utils.murmur2(uid.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Override
  public String toString() {
    if (uid != null) {
      return "uid " + uid;
    }
    return kind + " " + (namespace == null ? name : namespace + "/" + name);
  }
}
