package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Json;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Names objects as kube-apiserver does: which names are valid, and what {@code generateName} makes.
 */
public final class ObjectNames {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._:@]*[A-Za-z0-9])?");
  private static final int MAX_NAME = 253;
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final SecureRandom random = new SecureRandom();

  /**
   * The name a create stores its object under: {@code metadata.name}, else {@code
   * metadata.generateName} and five random characters.
   *
   * @throws ApiError 422 when neither is given or the name is not a valid object name
   */
  public String nameForCreate(ObjectNode body) {
    String name = Json.metadataText(body, "name");
    if (name == null || name.isEmpty()) {
      String prefix = Json.metadataText(body, "generateName");
      if (prefix == null || prefix.isEmpty()) {
        throw ApiError.invalid("metadata.name: Required value: name or generateName is required");
      }
      StringBuilder generated = new StringBuilder(prefix);
      for (int i = 0; i < 5; i++) {
        generated.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
      }
      name = generated.toString();
    }
    checkName(name);
    return name;
  }

  /** Rejects a name that is no valid object name (which also keeps {@code /} out of keys). */
  public static void checkName(String name) {
    if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      throw ApiError.invalid(
          "metadata.name: Invalid value: a name must be at most "
              + MAX_NAME
              + " characters of letters, digits, '-', '.', '_', ':' or '@', starting and ending"
              + " with a letter or digit");
    }
  }
}
