package dev.kew.consumer.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.consumer.Events;
import dev.kew.consumer.config.ConfigFile;
import dev.kew.consumer.sink.SinkRegistry;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.model.LabelSelector;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route matching as a table: one configuration, many events, the sinks each one reaches. */
class RouteTableTest {

  private static final String CONFIG =
      """
      sinks:
        - {name: all, type: stdout}
        - {name: prod-deploys, type: stdout}
        - {name: deletions, type: stdout}
        - {name: web-team, type: stdout}
        - {name: eu, type: stdout}
      drop:
        - namespace: kube-system
        - {kind: Lease}
      routes:
        - sinks: [all]
        - match:
            - kind: deployment
              namespace: "prod-*"
          drop:
            - labels: "canary=true"
          sinks: [prod-deploys]
        - match:
            - type: DELETED
          sinks: [deletions, all]
        - match:
            - name: "web-.*"
              labels: "team in (web,frontend),!experimental"
          sinks: [web-team]
        - match:
            - cluster: "eu-*"
              type: [ADDED, MODIFIED]
          sinks: [eu]
      """;

  private static final RouteTable ROUTES =
      ConfigFile.parse("routes.yaml", CONFIG, SinkRegistry.load(), name -> null).routes();

  static Stream<Arguments> table() {
    return Stream.of(
        row("plain event goes to the catch-all only", event("Pod", "shop", "p1"), "all"),
        row("deployment in prod-eu", event("Deployment", "prod-eu", "api"), "all", "prod-deploys"),
        row(
            "kind matches ignoring case, namespace by glob",
            event("DEPLOYMENT", "prod-us", "api"),
            "all",
            "prod-deploys"),
        row(
            "a route's drop rule keeps a canary off that route only",
            labelled(event("Deployment", "prod-eu", "api"), Map.of("canary", "true")),
            "all"),
        row(
            "global drop by namespace wins over every match",
            event("Deployment", "kube-system", "dns")),
        row("global drop by kind", event("Lease", "shop", "leader")),
        row(
            "deleted events reach deletions, catch-all once",
            deleted(event("Pod", "shop", "p1")),
            "all",
            "deletions"),
        row(
            "name regex and label selector together",
            labelled(event("Service", "shop", "web-frontend"), Map.of("team", "web")),
            "all",
            "web-team"),
        row(
            "label selector excludes experimental",
            labelled(
                event("Service", "shop", "web-frontend"),
                Map.of("team", "web", "experimental", "yes")),
            "all"),
        row(
            "name regex must match the whole name",
            labelled(event("Service", "shop", "my-web-frontend"), Map.of("team", "web")),
            "all"),
        row("cluster glob", inCluster(event("Pod", "shop", "p"), "eu-west"), "all", "eu"),
        row(
            "cluster glob and type list both must hold",
            deleted(inCluster(event("Pod", "shop", "p"), "eu-west")),
            "all",
            "deletions"),
        row(
            "cluster-scoped objects have namespace \"\"",
            event("Namespace", null, "team-a"),
            "all"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eventsReachExactlyTheSinksOfTheRoutesThatAcceptThem(
      String description, ChangeEvent event, Set<String> expected) {
    assertThat(ROUTES.sinksFor(event)).containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("", Map.of(), true),
        Arguments.of("app=web", Map.of("app", "web"), true),
        Arguments.of("app==web", Map.of("app", "api"), false),
        Arguments.of("app!=web", Map.of(), true),
        Arguments.of("app!=web", Map.of("app", "web"), false),
        Arguments.of("env in (prod, stage)", Map.of("env", "stage"), true),
        Arguments.of("env in (prod,stage)", Map.of(), false),
        Arguments.of("env notin (prod)", Map.of(), true),
        Arguments.of("env notin (prod)", Map.of("env", "prod"), false),
        Arguments.of("app.kubernetes.io/name", Map.of("app.kubernetes.io/name", "x"), true),
        Arguments.of("!canary", Map.of("canary", "true"), false),
        Arguments.of("app=web,!canary,tier in (a,b)", Map.of("app", "web", "tier", "b"), true));
  }

  @ParameterizedTest(name = "''{0}'' on {1} -> {2}")
  @MethodSource("selectors")
  void labelSelectorsFollowKubernetesSyntax(
      String selector, Map<String, String> labels, boolean matches) {
    assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(matches);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"app=", "=web", "app in prod", "a,,b", "app ~ web"})
  void malformedSelectorsAreRejectedNamingTheRequirement(String selector) {
    if (selector.equals("app=")) {
      // an empty value is legal in Kubernetes: app= selects objects whose app label is empty
      assertThat(LabelSelector.parse(selector).matches(Map.of("app", ""))).isTrue();
      return;
    }
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label selector");
  }

  private static Arguments row(String description, ChangeEvent event, String... sinks) {
    return Arguments.of(description, event, Set.of(sinks));
  }

  private static ChangeEvent event(String kind, String namespace, String name) {
    return Events.event(EventType.MODIFIED, "v1", kind, namespace, name, "1");
  }

  private static ChangeEvent deleted(ChangeEvent e) {
    return rebuild(e, EventType.DELETED, e.cluster(), labels(e));
  }

  private static ChangeEvent inCluster(ChangeEvent e, String cluster) {
    return rebuild(e, e.type(), cluster, labels(e));
  }

  private static ChangeEvent labelled(ChangeEvent e, Map<String, String> labels) {
    return rebuild(e, e.type(), e.cluster(), labels);
  }

  private static Map<String, String> labels(ChangeEvent e) {
    return Rule.labels(e);
  }

  private static ChangeEvent rebuild(
      ChangeEvent e, EventType type, String cluster, Map<String, String> labels) {
    return Events.event(
        type, e.kind(), e.namespace(), e.name(), e.resourceVersion(), cluster, labels, e.uid());
  }
}
