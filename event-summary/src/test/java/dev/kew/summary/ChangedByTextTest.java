package dev.kew.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChangedByTextTest {

  @Test
  void namesTheManagersWithTheirSubresource() {
    ChangeEvent event =
        deployment(EventType.MODIFIED, "shop", "web", "7")
            .withChangedBy(
                List.of(
                    new FieldManager("kubectl-edit", "Update", null, null),
                    new FieldManager("kubelet", "Update", "status", null)));

    assertThat(ChangedByText.of(event)).contains("kubectl-edit, kubelet (status)");
  }

  @Test
  void saysNothingWhenTheEventDoesNotNameManagers() {
    assertThat(ChangedByText.of(deployment(EventType.MODIFIED, "shop", "web", "7"))).isEmpty();
  }

  @Test
  void manyOrLongNamesAreBounded() {
    List<FieldManager> many =
        IntStream.range(0, 16)
            .mapToObj(i -> new FieldManager("m" + i + "x".repeat(500), "Update", null, null))
            .toList();

    String text =
        ChangedByText.of(deployment(EventType.MODIFIED, "shop", "web", "7").withChangedBy(many))
            .orElseThrow();

    assertThat(text).endsWith(" +13 more").startsWith("m0xxx").contains("…[+", ", m1xxx");
    assertThat(text.length()).isLessThan(3 * (ChangedByText.MAX_NAME_CHARS + 20) + 10);
  }

  private static ChangeEvent deployment(EventType type, String namespace, String name, String rv) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "apps/v1").put("kind", "Deployment");
    object
        .putObject("metadata")
        .put("name", name)
        .put("namespace", namespace)
        .put("uid", "uid-" + name)
        .put("resourceVersion", rv);
    return ChangeEvent.of(type, "test-cluster", Instant.parse("2026-11-24T14:03:07Z"), object);
  }
}
