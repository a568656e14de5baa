package dev.kew.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The chart in {@code helm/kube-event-watcher}, rendered through helm-java (Helm's own code). */
final class HelmChart {

  static final String RELEASE = "kew";
  static final String NAMESPACE = "watch-system";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private HelmChart() {}

  static Path directory() {
    return Project.directory().resolve("helm/kube-event-watcher");
  }

  static LintResult lintStrict() {
    return new Helm(directory()).lint().strict().call();
  }

  /** {@code helm template kew --namespace watch-system -f <values>} as raw YAML. */
  static String templateYaml(String valuesYaml) {
    Path values = writeTemp(valuesYaml);
    try {
      return new Helm(directory())
          .template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withValuesFile(values)
          .call();
    } finally {
      deleteQuietly(values);
    }
  }

  /** The rendered manifests, each loaded as a fabric8 object. */
  static Manifests template(String valuesYaml) {
    return Manifests.parse(templateYaml(valuesYaml));
  }

  /** The manifests of one {@code helm template} output. */
  record Manifests(List<HasMetadata> all) {

    static Manifests parse(String yaml) {
      List<HasMetadata> resources = new ArrayList<>();
      for (String document : yaml.split("(?m)^---\\s*$")) {
        if (Arrays.stream(document.split("\n")).allMatch(HelmChart::blankOrComment)) {
          continue;
        }
        KubernetesResource resource = SERIALIZATION.unmarshal(document);
        resources.add((HasMetadata) resource);
      }
      return new Manifests(List.copyOf(resources));
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
      return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return find(type, name)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no " + type.getSimpleName() + " named " + name + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return ofType(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    List<String> names() {
      return all.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList();
    }
  }

  private static boolean blankOrComment(String line) {
    String trimmed = line.trim();
    return trimmed.isEmpty() || trimmed.startsWith("#");
  }

  private static Path writeTemp(String content) {
    try {
      Path file = Files.createTempFile("kew-values", ".yaml");
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temp file left behind is harmless
    }
  }
}
