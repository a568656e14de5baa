package dev.kew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

  private final Validation validation = new Validation();
  private final OptionValues values = new OptionValues(validation);

  @Test
  void validValuesAreReadWithoutComplaint() {
    assertThat(values.wholeNumber(" 12 ", "--partitions", "KEW_PARTITIONS", 1)).isEqualTo(12);
    assertThat(values.port("0", "--port", "KEW_PORT", true)).isZero();
    assertThat(values.decimal("2.5", "--rate", "KEW_RATE", 0, 10, "a rate")).isEqualTo(2.5);
    assertThat(values.positiveDuration("45s", "--timeout", "KEW_TIMEOUT"))
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(values.durationOrZero("0", "--resync", "KEW_RESYNC")).isZero();
    assertThat(values.optionalDuration(" ", "--duration", "KEW_DURATION")).isEmpty();
    assertThat(values.optionalDuration("2m", "--duration", "KEW_DURATION"))
        .hasValue(Duration.ofMinutes(2));
    assertThat(validation.errors()).isEmpty();
  }

  @Test
  void everyInvalidValueIsReportedNamingItsFlagAndEnvVar() {
    values.wholeNumber("0", "--partitions", "KEW_PARTITIONS", 1);
    values.wholeNumber("40000", "--replication-factor", "KEW_REPLICATION_FACTOR", 1, 32767);
    values.port("0", "--port", "KEW_KAFKA_PORT", false);
    values.decimal("fast", "--churn-rate", "KEW_CHURN_RATE", 0, 1000, "a number of changes/s");
    values.positiveDuration("0s", "--kafka-timeout", "KEW_KAFKA_TIMEOUT");
    values.durationOrZero("soon", "--resync-period", "KEW_RESYNC_PERIOD");
    values.optionalDuration("PT-5S", "--duration", "KEW_DURATION");

    assertThat(validation.errors())
        .containsExactly(
            "--partitions (env KEW_PARTITIONS) must be a whole number of 1 or more, was '0'",
            "--replication-factor (env KEW_REPLICATION_FACTOR) must be a whole number from 1 to"
                + " 32767, was '40000'",
            "--port (env KEW_KAFKA_PORT) must be a port number from 1 to 65535, was '0'",
            "--churn-rate (env KEW_CHURN_RATE) must be a number of changes/s, was 'fast'",
            "--kafka-timeout (env KEW_KAFKA_TIMEOUT) must be a positive duration, was '0s'",
            "--resync-period (env KEW_RESYNC_PERIOD): 'soon' is not a duration: use e.g. 500ms,"
                + " 45s, 10m, 2h, 7d or ISO-8601 PT45S",
            "--duration (env KEW_DURATION) must be a positive duration, was 'PT-5S'");
  }

  @Test
  void switchesAreTrueOrFalseInAnyCaseAndAbsentIsFalse() {
    assertThat(values.trueOrFalse(" TRUE ", "--no-follow", "KEW_NO_FOLLOW")).isTrue();
    assertThat(values.trueOrFalse("false", "--no-follow", "KEW_NO_FOLLOW")).isFalse();
    assertThat(values.trueOrFalse(null, "--no-follow", "KEW_NO_FOLLOW")).isFalse();
    assertThat(validation.errors()).isEmpty();

    assertThat(values.trueOrFalse("yes", "--no-follow", "KEW_NO_FOLLOW")).isFalse();
    assertThat(validation.errors())
        .containsExactly("--no-follow (env KEW_NO_FOLLOW) must be true or false, was 'yes'");
  }

  @Test
  void listsDropBlanksAndRepeatsAndOptionalsDropBlankText() {
    assertThat(OptionValues.list(Arrays.asList(" a", "", "b ", "a", " ")))
        .containsExactly("a", "b");
    assertThat(OptionValues.list(null)).isEmpty();
    assertThat(OptionValues.optional("  x ")).hasValue("x");
    assertThat(OptionValues.optional("")).isEmpty();
    assertThat(OptionValues.optional(null)).isEmpty();
  }
}
