package dev.kew.consumer.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.ops.PrintableText;
import java.io.UncheckedIOException;

/**
 * The envelope itself, as one compact JSON document per line (JSON Lines), ready for jq. Besides
 * what JSON requires, every character {@link PrintableText} escapes (DEL, C1 controls, the line
 * separators and bidirectional overrides) is written as a {@code \\uXXXX} escape, so a terminal or
 * {@code tail -f} shows the line as it is; parsers read the same strings.
 */
public final class JsonFormatter implements EventFormatter {

  private static final ObjectWriter WRITER =
      EventCodec.mapper().writer().with(new TerminalSafeEscapes());

  @Override
  public String format(ChangeEvent event) {
    try {
      return WRITER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot encode event " + event.id(), e);
    }
  }

  private static final class TerminalSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalSafeEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch > 0x7f && ch <= 0xffff && PrintableText.needsEscape((char) ch)
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }
}
