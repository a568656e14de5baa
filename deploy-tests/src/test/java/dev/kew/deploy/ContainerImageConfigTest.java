package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the Jib set-up of each app produces: an image whose entry point starts the app's own command
 * with the image's JVM flags, as the user and on the port that the chart and the apps expect, built
 * only when asked.
 */
class ContainerImageConfigTest {

  private final Element parent = document(Project.directory().resolve("pom.xml"));
  private final Element jib = jibPlugin(parent);

  @ParameterizedTest
  @CsvSource({
    "watcher-producer, Usage: watcher-producer",
    "event-consumer, Usage: event-consumer",
    "event-history, Usage: history"
  })
  void theEntryPointStartsTheAppsCommandWithTheImagesJvmFlags(String module, String usage)
      throws Exception {
    Element app = document(Project.directory().resolve(module).resolve("pom.xml"));
    assertThat(text(jib, "container/mainClass")).isEqualTo("${app.main.class}");
    assertThat(text(app, "properties/jib.skip")).as("the app builds an image").isEqualTo("false");

    // What Jib's entry point runs, java <jvmFlags> -cp <the app and its libraries> <mainClass>,
    // here with the app's packaged jar, which holds the same classes and libraries.
    Path jar = Project.directory().resolve(module + "/target/" + module + ".jar");
    assertThat(jar).as("the packaged app (./mvnw package)").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(texts(jib, "container/jvmFlags/jvmFlag"));
    command.addAll(
        List.of("-cp", jar.toString(), text(app, "properties/app.main.class"), "--help"));
    Process process = new ProcessBuilder(command).redirectError(Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app answers --help").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).startsWith(usage);
    assertThat(texts(jib, "container/jvmFlags/jvmFlag"))
        .as("heap sized from the container's memory, temporary files in the writable /tmp")
        .contains("-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp");
  }

  @Test
  void theImageRunsAsTheChartsNonRootUserOnTheAppsMetricsPort() throws Exception {
    JsonNode values =
        new ObjectMapper(new YAMLFactory())
            .readTree(HelmChart.directory().resolve("values.yaml").toFile());
    JsonNode pod = values.path("podSecurityContext");

    assertThat(text(jib, "container/user"))
        .isEqualTo(pod.path("runAsUser").asText() + ":" + pod.path("runAsGroup").asText())
        .isNotEqualTo("0:0");
    assertThat(texts(jib, "container/ports/port"))
        .containsExactly(values.path("metrics").path("port").asText())
        .as("outside a container the apps take any free port; in the image, the port it exposes")
        .containsExactly(text(jib, "container/environment/KEW_METRICS_PORT"));
    assertThat(text(jib, "container/environment/KEW_METRICS_ADDRESS"))
        .as("in a container the probes must be reachable from the kubelet")
        .isEqualTo("0.0.0.0");
  }

  @Test
  void imagesAreBuiltOnlyWhenAskedFromTheConfiguredBase() {
    assertThat(text(jib, "skip")).isEqualTo("${jib.skip}");
    assertThat(text(parent, "properties/jib.skip"))
        .as("libraries build no image")
        .isEqualTo("true");
    assertThat(text(jib, "from/image")).isEqualTo("${image.base}");
    assertThat(text(jib, "to/image"))
        .isEqualTo("${image.registry}/${project.artifactId}:${project.version}");
    assertThat(text(parent, "properties/image.base")).isEqualTo("eclipse-temurin:17-jre");
    assertThat(text(parent, "properties/image.registry")).isEqualTo("kube-event-watcher");
  }

  private static Element jibPlugin(Element pom) {
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))
          && plugin.getElementsByTagName("configuration").getLength() > 0) {
        assertThat(plugin.getElementsByTagName("executions").getLength())
            .as("Jib is bound to no phase: the default build needs no registry")
            .isZero();
        return (Element) plugin.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("no configured jib-maven-plugin in the parent pom");
  }

  private static Element document(Path file) {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(file.toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }

  private static String text(Element from, String path) {
    List<String> all = texts(from, path);
    assertThat(all).as(path).hasSize(1);
    return all.get(0);
  }

  /** Texts of the elements at a child path such as {@code container/jvmFlags/jvmFlag}. */
  private static List<String> texts(Element from, String path) {
    List<Element> level = List.of(from);
    for (String name : path.split("/")) {
      List<Element> next = new ArrayList<>();
      for (Element element : level) {
        for (var child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
          if (child instanceof Element e && e.getTagName().equals(name)) {
            next.add(e);
          }
        }
      }
      level = next;
    }
    return level.stream().map(e -> e.getTextContent().trim()).toList();
  }
}
