package dev.kew.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class PrintableTextTest {

  @Test
  void lineBreaksEscapeAndBidiOverridesAreEscapedSoNothingStartsALineOrMovesTheCursor() {
    String hostile = "web\nFAKE ADDED line\r\t\u001b[2J\u007f\u0085\u2028\u202egnp.exe\u2066";

    assertThat(PrintableText.escape(hostile))
        .isEqualTo(
            "web\\nFAKE ADDED line\\r\\t\\u001b[2J\\u007f\\u0085\\u2028\\u202egnp.exe\\u2066")
        .doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u202e\\u2066]");
  }

  @Test
  void plainTextUnicodeAndBackslashesStayAsTheyAreSoEscapingTwiceChangesNothing() {
    String plain = "Déploiement café/web:1.5 C:\\path ✓";

    assertThat(PrintableText.escape(plain)).isSameAs(plain);
    String once = PrintableText.escape("a\nb");
    assertThat(PrintableText.escape(once)).isEqualTo(once);
  }

  @Test
  void overlongTextIsCutWithAMarkerSayingHowMuchWasLeftOut() {
    assertThat(PrintableText.cut("n".repeat(20_000), 10)).isEqualTo("nnnnnnnnnn…[+19990 chars]");
    assertThat(PrintableText.cut("short", 10)).isEqualTo("short");
    assertThat(PrintableText.cut("\n".repeat(10), 4)).isEqualTo("\\n\\n…[+16 chars]");
  }

  @Test
  void theLogConverterKeepsEveryMessageOnOneLine() {
    LoggingEvent event =
        new LoggingEvent(
            "test",
            new LoggerContext().getLogger("test"),
            Level.WARN,
            "Dead-lettering record (key {})",
            null,
            new Object[] {"k\n2026-11-24 INFO forged\u001b[31m"});
    PrintableMessageConverter converter = new PrintableMessageConverter();

    assertThat(converter.convert(event))
        .isEqualTo("Dead-lettering record (key k\\n2026-11-24 INFO forged\\u001b[31m)");
  }
}
