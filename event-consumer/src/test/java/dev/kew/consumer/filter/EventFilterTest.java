package dev.kew.consumer.filter;

import static dev.kew.consumer.Events.deployment;
import static dev.kew.consumer.Events.event;
import static dev.kew.consumer.Events.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.model.EventType;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  @Test
  void emptyFilterLetsEveryEventThrough() {
    assertThat(EventFilter.ALL.isEmpty()).isTrue();
    assertThat(EventFilter.ALL.matches(deployment(EventType.ADDED, "default", "web", "1")))
        .isTrue();
    assertThat(EventFilter.ALL.matches(namespace(EventType.DELETED, "team-a", "2"))).isTrue();
  }

  @Test
  void kindMatchesIgnoringCase() {
    EventFilter filter = new EventFilter(Set.of("DEPLOYMENT", "configmap"), Set.of(), Set.of());

    assertThat(filter.matches(deployment(EventType.ADDED, "default", "web", "1"))).isTrue();
    assertThat(filter.matches(event(EventType.ADDED, "v1", "ConfigMap", "default", "c", "1")))
        .isTrue();
    assertThat(filter.matches(event(EventType.ADDED, "v1", "Pod", "default", "p", "1"))).isFalse();
  }

  @Test
  void namespaceFilterNeverMatchesClusterScopedObjects() {
    EventFilter filter = new EventFilter(Set.of(), Set.of("default", "shop"), Set.of());

    assertThat(filter.matches(deployment(EventType.ADDED, "shop", "web", "1"))).isTrue();
    assertThat(filter.matches(deployment(EventType.ADDED, "other", "web", "1"))).isFalse();
    assertThat(filter.matches(namespace(EventType.ADDED, "default", "1"))).isFalse();
  }

  @Test
  void anEventMustPassEveryGivenFilterAndAnyValueWithinOne() {
    EventFilter filter =
        new EventFilter(
            Set.of("Deployment"), Set.of("default"), Set.of(EventType.ADDED, EventType.DELETED));

    assertThat(filter.matches(deployment(EventType.ADDED, "default", "web", "1"))).isTrue();
    assertThat(filter.matches(deployment(EventType.DELETED, "default", "web", "2"))).isTrue();
    assertThat(filter.matches(deployment(EventType.MODIFIED, "default", "web", "3"))).isFalse();
    assertThat(filter.matches(deployment(EventType.ADDED, "shop", "web", "4"))).isFalse();
    assertThat(filter.matches(event(EventType.ADDED, "v1", "Service", "default", "web", "5")))
        .isFalse();
  }
}
