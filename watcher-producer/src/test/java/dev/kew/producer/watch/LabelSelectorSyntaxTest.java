package dev.kew.producer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorSyntaxTest {

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
    assertThat(LabelSelectorSyntax.problem(selector)).isEmpty();
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
        "(app)"
      })
  void rejectsMalformedSelectors(String selector) {
    assertThat(LabelSelectorSyntax.problem(selector)).isPresent();
  }
}
