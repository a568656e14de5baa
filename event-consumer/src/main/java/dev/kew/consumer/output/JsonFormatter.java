package dev.kew.consumer.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.io.UncheckedIOException;

/**
 * The envelope itself, as one compact JSON document per line (JSON Lines), ready for jq. Besides
 * what JSON requires, DEL, C1 controls, the line separators and bidirectional overrides are written
 * as {@code \\uXXXX} escapes, so a terminal or {@code tail -f} shows the line as it is; parsers
 * read the same strings.
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
      boolean control =
          (ch >= 0x80 && ch <= 0x9f)
              || ch == 0x2028
              || ch == 0x2029
              || ch == 0x200e
              || ch == 0x200f
              || (ch >= 0x202a && ch <= 0x202e)
              || (ch >= 0x2066 && ch <= 0x2069);
      return control ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
