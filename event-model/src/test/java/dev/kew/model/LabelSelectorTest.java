package dev.kew.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.model.LabelSelector.Operator;
import dev.kew.model.LabelSelector.Requirement;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app=web",
        "app==web",
        "tier!=db",
        "app=web,tier!=db",
        "release",
        "!canary",
        "env in (prod, staging)",
        "env notin (dev),app",
        "app.kubernetes.io/name=kew",
        "app=",
        "replicas>2"
      })
  void acceptsSelectorsTheApiServerAccepts(String selector) {
    assertThat(LabelSelector.parse(selector)).hasToString(selector);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app=web=x",
        "app=web,",
        "env in (prod",
        "env in prod",
        "-app=web",
        "app=we b",
        "a/b/c=d",
        "(app)",
        "a,,b",
        "app ~ web",
        "=web"
      })
  void rejectsMalformedSelectorsWithASentenceNamingTheSelector(String selector) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label selector");
  }

  static Stream<Arguments> matches() {
    return Stream.of(
        Arguments.of("", Map.of(), true),
        Arguments.of("replicas>2", Map.of("replicas", "3"), true),
        Arguments.of("replicas>2", Map.of("replicas", "2"), false),
        Arguments.of("replicas<2", Map.of(), false),
        Arguments.of("replicas<2", Map.of("replicas", "one"), false),
        Arguments.of("replicas<2", Map.of("replicas", "-1"), true),
        Arguments.of("app in (web,)", Map.of("app", ""), true),
        Arguments.of("tier!=db", Map.of(), true));
  }

  @ParameterizedTest(name = "''{0}'' on {1} -> {2}")
  @MethodSource("matches")
  void matchesLabelsAsKubernetesDoes(String selector, Map<String, String> labels, boolean match) {
    assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(match);
  }

  @Test
  void requirementsAreTheParsedSelectorForQueriesElsewhere() {
    assertThat(
            LabelSelector.parse("app=web, tier!=db,env in (prod, stage),!canary,n>2")
                .requirements())
        .containsExactly(
            new Requirement("app", Operator.EQUALS, Set.of("web")),
            new Requirement("tier", Operator.NOT_EQUALS, Set.of("db")),
            new Requirement("env", Operator.IN, Set.of("prod", "stage")),
            new Requirement("canary", Operator.DOES_NOT_EXIST, Set.of()),
            new Requirement("n", Operator.GREATER_THAN, Set.of("2")));
    assertThat(LabelSelector.parse(" ").requirements()).isEmpty();
  }
}
