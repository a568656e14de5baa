package dev.kew.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "45s,PT45S", "10m,PT10M", "2h,PT2H", "7d,PT168H", "PT1M30S,PT1M30S"})
  void readsDurationsAsPeopleWriteThem(String text, String expected) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "45", "1.5s", "ten seconds", "-5s", "3w", "P"})
  void rejectsAnythingElseWithASentenceThatSaysWhatWouldWork(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "' is not a duration")
        .hasMessageContaining("45s");
  }
}
