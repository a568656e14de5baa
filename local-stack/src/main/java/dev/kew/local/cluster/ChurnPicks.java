package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** The churn's random choices that repeat with its seed: which object to change, which suffix. */
final class ChurnPicks {

  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final Random random;

  ChurnPicks(Random random) {
    this.random = random;
  }

  /** A random element, chosen from the list sorted by namespace and name so a seed repeats. */
  <T extends HasMetadata> T pick(List<T> items) {
    if (items.isEmpty()) {
      throw new IllegalStateException("nothing to change: the cluster has no objects of this kind");
    }
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(ChurnPicks::id));
    return sorted.get(random.nextInt(sorted.size()));
  }

  String suffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  static String id(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
