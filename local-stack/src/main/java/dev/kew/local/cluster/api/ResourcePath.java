package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a resource URL: {@code /api/v1/namespaces/NS/PLURAL/NAME/SUBRESOURCE} or {@code
 * /apis/GROUP/VERSION/...}, namespace, name and subresource being optional.
 */
record ResourcePath(
    String group,
    String version,
    String plural,
    String namespace,
    String name,
    String subresource) {

  /** The subresources of a Namespace itself ({@code /api/v1/namespaces/NAME/status}). */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /**
   * The resource {@code path} names, or empty for discovery and other paths.
   *
   * @throws ApiError 404 for a path with too many parts
   */
  static Optional<ResourcePath> parse(String path) {
    String[] parts =
        Arrays.stream(path.split("/"))
            .filter(p -> !p.isEmpty())
            .map(ResourcePath::decode)
            .toArray(String[]::new);
    int first;
    String group;
    String version;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      version = parts[1];
      first = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      version = parts[2];
      first = 3;
    } else {
      return Optional.empty();
    }
    String[] rest = Arrays.copyOfRange(parts, first, parts.length);
    boolean inNamespace =
        rest[0].equals("namespaces")
            && rest.length >= 3
            && !(rest.length == 3 && NAMESPACE_SUBRESOURCES.contains(rest[2]));
    int offset = inNamespace ? 2 : 0;
    if (rest.length - offset > 3) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            rest[offset],
            inNamespace ? rest[1] : null,
            rest.length > offset + 1 ? rest[offset + 1] : null,
            rest.length > offset + 2 ? rest[offset + 2] : null));
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("the path is not validly percent-encoded");
    }
  }
}
