package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

  private static ChangeEvent event(String apiVersion, String kind, String namespace) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata = object.putObject("metadata").put("name", "nightly").put("uid", "u");
    metadata.put("resourceVersion", "1");
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return ChangeEvent.of(EventType.MODIFIED, "c", Instant.EPOCH, object);
  }

  @Test
  void typeNamesTheGroupKindAndChangeInLowerCaseWithCoreForTheCoreGroup() {
    assertThat(CloudEventHeaders.type(event("apps/v1", "Deployment", "a")))
        .isEqualTo("io.k8s.apps.deployment.modified");
    assertThat(CloudEventHeaders.type(event("v1", "ConfigMap", "a")))
        .isEqualTo("io.k8s.core.configmap.modified");
    assertThat(CloudEventHeaders.type(event("demo.kew.dev/v1", "Backup", "a")))
        .isEqualTo("io.k8s.demo.kew.dev.backup.modified");
  }

  @Test
  void sourceIsAValidUriReferenceWhateverTheClusterName() {
    assertThat(CloudEventHeaders.source("kind-demo")).isEqualTo("//kubernetes/kind-demo");
    String eks = CloudEventHeaders.source("arn:aws:eks:eu-west-1:123:cluster/prod");
    String spaced = CloudEventHeaders.source("my cluster é");

    assertThat(eks).isEqualTo("//kubernetes/arn:aws:eks:eu-west-1:123:cluster%2Fprod");
    assertThat(spaced).isEqualTo("//kubernetes/my%20cluster%20%C3%A9");
    assertThat(URI.create(spaced).getPath()).isEqualTo("/my cluster é");
  }
}
