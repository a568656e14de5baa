package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Jib set-up of each app: the image the chart and docker-compose.yml expect, built safely. */
class ContainerImageConfigTest {

  @ParameterizedTest
  @CsvSource({
    "watcher-producer, dev.kew.producer.cli.ProducerCommand",
    "event-consumer, dev.kew.consumer.cli.ConsumerCommand",
    "event-history, dev.kew.history.cli.HistoryCommand"
  })
  void appsBuildAnImageOfTheirOwnMainClass(String module, String main) throws Exception {
    Element app =
        document(Project.directory().resolve(module).resolve("pom.xml")).getDocumentElement();

    assertThat(text(app, "properties/app.main.class")).isEqualTo(main);
    assertThat(Class.forName(main)).as("main class on the class path").isNotNull();
    assertThat(text(app, "properties/jib.skip")).isEqualTo("false");
  }

  @org.junit.jupiter.api.Test
  void imagesAreNonRootSizedFromContainerMemoryAndBuiltOnlyWhenAsked() throws Exception {
    Element parent = document(Project.directory().resolve("pom.xml")).getDocumentElement();
    Element jib = jibPlugin(parent);

    assertThat(text(jib, "skip")).isEqualTo("${jib.skip}");
    assertThat(text(parent, "properties/jib.skip"))
        .as("libraries build no image")
        .isEqualTo("true");
    assertThat(text(jib, "from/image")).isEqualTo("${image.base}");
    assertThat(text(jib, "to/image"))
        .isEqualTo("${image.registry}/${project.artifactId}:${project.version}");
    assertThat(text(jib, "container/mainClass")).isEqualTo("${app.main.class}");
    assertThat(text(jib, "container/user")).isEqualTo("65532:65532");
    assertThat(texts(jib, "container/jvmFlags/jvmFlag"))
        .contains("-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp");
    assertThat(texts(jib, "container/ports/port")).containsExactly("8080");
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

  private static Document document(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
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
