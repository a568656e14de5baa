package dev.kew.producer.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.EventCodec;
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
    JsonNode pod = pod();

    PathRule.parse("metadata.annotations.example.com/checksum").removeFrom(pod);
    PathRule.parse("metadata.annotations.kubectl.kubernetes.io/x").removeFrom(pod);

    assertThat(pod.path("metadata").path("annotations").toString()).isEqualTo("{\"keep\":\"3\"}");
  }

  @Test
  void starMatchesAnyKeyOrIndexAndARuleCoversTheSubtree() throws Exception {
    JsonNode pod = pod();

    PathRule.parse("spec.containers.*.resources").removeFrom(pod);
    PathRule.parse("status").removeFrom(pod);

    assertThat(pod.path("spec").toString())
        .isEqualTo(
            "{\"containers\":[{\"name\":\"a\",\"image\":\"i\"},{\"name\":\"b\",\"image\":\"j\"}]}");
    assertThat(pod.has("status")).isFalse();
  }

  @Test
  void wholeArrayElementsAreRemovedWithoutShiftingTheOthersFirst() throws Exception {
    JsonNode pod = pod();

    PathRule.parse("spec.containers.*").removeFrom(pod);

    assertThat(pod.path("spec").path("containers").size()).isZero();
  }

  @Test
  void malformedRulesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> PathRule.parse("spec..replicas"))
        .hasMessage("'spec..replicas' is not a path; use dotted keys such as spec.replicas");
    assertThatThrownBy(() -> PathRule.parse("Pod:")).hasMessageContaining("is not a path");
  }
}
