package dev.kew.history.api;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kew.model.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How the API writes its answers: the envelope's JSON conventions, and every {@code <}, {@code >},
 * {@code &}, {@code '} and line separator escaped as {@code \\uXXXX}, so no string from the topic
 * can close a script or start a tag even where a page embeds the JSON; and YAML for objects.
 */
final class ApiJson {

  private static final ObjectMapper JSON = EventCodec.mapper().copy();
  private static final YAMLMapper YAML = new YAMLMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new HtmlSafe());
  }

  private ApiJson() {}

  static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write an answer", e);
    }
  }

  static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write YAML", e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  private static final class HtmlSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes = standardAsciiEscapesForJSON();

    HtmlSafe() {
      for (char c : new char[] {'<', '>', '&', '\''}) {
        escapes[c] = ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 || ch == 0x2029
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }
}
