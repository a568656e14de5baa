package dev.kew.model;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link ChangeEvent} envelopes. A record that is not a valid envelope fails
 * with a {@link SerializationException} naming the topic and the reason.
 */
public class ChangeEventDeserializer implements Deserializer<ChangeEvent> {
  @Override
  public ChangeEvent deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return EventCodec.fromBytes(data);
    } catch (MalformedEventException e) {
      throw new SerializationException(
          "Record on topic " + topic + " is not a change event: " + e.getMessage(), e);
    }
  }
}
