package dev.kew.history.show;

/**
 * The object {@code kew history show} asks about: {@code KIND/NAMESPACE/NAME}, or {@code KIND/NAME}
 * for a cluster-scoped one; every incarnation of that name.
 */
public record ObjectRef(String kind, String namespace, String name) {

  /**
   * Parses the positional argument.
   *
   * @throws IllegalArgumentException for any other shape
   */
  public static ObjectRef parse(String text) {
    String[] parts = text.trim().split("/", -1);
    boolean blank = false;
    for (String part : parts) {
      blank |= part.isBlank();
    }
    if (!blank && parts.length == 3) {
      return new ObjectRef(parts[0], parts[1], parts[2]);
    }
    if (!blank && parts.length == 2) {
      return new ObjectRef(parts[0], null, parts[1]);
    }
    throw new IllegalArgumentException(
        "the object must be KIND/NAMESPACE/NAME or, for cluster-scoped kinds, KIND/NAME, e.g."
            + " Deployment/shop/web; was '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? name : namespace + "/" + name);
  }
}
