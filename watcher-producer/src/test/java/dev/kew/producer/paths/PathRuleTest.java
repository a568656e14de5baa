package dev.kew.producer.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.EventCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathRuleTest {

  private static JsonNode pod() throws Exception {
    return EventCodec.mapper()
        .readTree(
            """
            {"kind": "Pod",
             "metadata": {"annotations": {"example.com/checksum": "1", "kubectl.kubernetes.io/x": "2",
                                          "keep": "3"}},
             "spec": {"containers": [{"name": "a", "image": "i", "resources": {"cpu": 1}},
                                     {"name": "b", "image": "j", "resources": {"cpu": 2}}]},
             "status": {"phase": "Running"}}
            """);
  }

  @Test
  void kindPrefixIsOptionalAndComparedIgnoringCase() {
    PathRule scoped = PathRule.parse("Pod:status");
    PathRule global = PathRule.parse("metadata.annotations.example.com/checksum");

    assertThat(scoped).isEqualTo(new PathRule("Pod", "status"));
    assertThat(scoped.appliesTo("pod")).isTrue();
    assertThat(scoped.appliesTo("Deployment")).isFalse();
    assertThat(global.kind()).isNull();
    assertThat(global.appliesTo("Deployment")).isTrue();
  }

  @Test
  void keysWithDotsAndSlashesAreMatchedWhole() throws Exception {
    assertThat(matches("metadata.annotations.example.com/checksum"))
        .containsExactly("example.com/checksum=\"1\"");
    assertThat(matches("metadata.annotations.kubectl.kubernetes.io/x"))
        .containsExactly("kubectl.kubernetes.io/x=\"2\"");
    assertThat(matches("metadata.annotations.example")).isEmpty();
  }

  @Test
  void starMatchesAnyKeyOrIndexAndARuleMatchesTheWholeSubtree() throws Exception {
    assertThat(matches("spec.containers.*.resources"))
        .containsExactly("resources={\"cpu\":1}", "resources={\"cpu\":2}");
    assertThat(matches("spec.containers.*")).hasSize(2).allMatch(m -> m.matches("[01]=\\{.*"));
    assertThat(matches("status")).containsExactly("status={\"phase\":\"Running\"}");
  }

  /** {@code key=value} of every node the rule matches in {@link #pod()}. */
  private static List<String> matches(String rule) throws Exception {
    List<String> found = new ArrayList<>();
    PathRule.parse(rule)
        .forEachMatch(
            pod(),
            (container, key) ->
                found.add(
                    key
                        + "="
                        + (container.isArray()
                            ? container.get(Integer.parseInt(key))
                            : container.get(key))));
    return found;
  }

  @Test
  void patchPointersAtOrBelowTheRuleAreCoveredAndThoseAboveOrBesideAreNot() {
    PathRule checksum = PathRule.parse("metadata.annotations.example.com/checksum");
    PathRule resources = PathRule.parse("spec.containers.*.resources");

    assertThat(checksum.covers("/metadata/annotations/example.com~1checksum")).isTrue();
    assertThat(checksum.covers("/metadata/annotations/example.com~1other")).isFalse();
    assertThat(checksum.covers("/metadata/annotations")).isFalse();
    assertThat(checksum.covers("")).isFalse();
    assertThat(resources.covers("/spec/containers/1/resources/limits/cpu")).isTrue();
    assertThat(resources.covers("/spec/containers/1/image")).isFalse();
    assertThat(resources.covers("/spec/containers/1")).isFalse();
    assertThat(PathRule.parse("data.a~b").covers("/data/a~0b")).isTrue();
    assertThat(PathRule.parse("status").covers("/status/conditions/0/status")).isTrue();
  }

  @Test
  void malformedRulesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> PathRule.parse("spec..replicas"))
        .hasMessage("'spec..replicas' is not a path; use dotted keys such as spec.replicas");
    assertThatThrownBy(() -> PathRule.parse("Pod:")).hasMessageContaining("is not a path");
  }
}
