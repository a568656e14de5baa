package dev.kew.producer.publish;

import dev.kew.model.ChangeEvent;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where events wait to be published, with room for a bounded number of them: the informer handler
 * reserves a place before it changes any state, and gives it back when the notification yields no
 * event. When no place is left the handler ignores notifications until its informers are restarted
 * (the restart's listing recovers what was ignored), so it never blocks.
 */
public interface Outbox {

  /** Takes a place for one event; false when the outbox is full. Never blocks. */
  boolean reserve();

  /** Gives back a place taken by {@link #reserve()} that no event will use. */
  void cancel();

  /** Hands on one event, using a place taken by {@link #reserve()}. Never blocks. */
  void accept(ChangeEvent event);

  /** An outbox without a bound that passes every event to {@code consumer}. */
  static Outbox unbounded(Consumer<ChangeEvent> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return new Outbox() {
      @Override
      public boolean reserve() {
        return true;
      }

      @Override
      public void cancel() {}

      @Override
      public void accept(ChangeEvent event) {
        consumer.accept(event);
      }
    };
  }
}
