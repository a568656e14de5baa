package dev.kew.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks envelopes against the JSON Schema that event-model ships ({@value #RESOURCE}), with the
 * networknt validator.
 */
public final class EnvelopeSchema {

  /** Where event-model ships the schema on the class path. */
  public static final String RESOURCE = "/dev/kew/model/change-event.schema.json";

  private static final Schema SCHEMA = load();

  private EnvelopeSchema() {}

  /** The schema violations of {@code json}, empty when it is a valid envelope. */
  public static List<String> violations(byte[] json) {
    List<Error> errors =
        SCHEMA.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }

  /** Fails the test, listing every violation, unless {@code json} is a valid envelope. */
  public static void assertValid(byte[] json) {
    assertThat(violations(json))
        .as("schema violations of %s", new String(json, StandardCharsets.UTF_8))
        .isEmpty();
  }

  private static Schema load() {
    try (InputStream in = EnvelopeSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path: add event-model");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
