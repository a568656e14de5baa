package dev.kew.history.api;

import dev.kew.cli.DurationConverter;
import dev.kew.history.query.Cursor;
import dev.kew.history.query.EventFilter;
import dev.kew.history.query.TimeExpression;
import dev.kew.model.EventType;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.TypeConversionException;

/**
 * The query parameters of one API request, read and bounded: filters (repeated or comma lists),
 * times (ISO-8601 or {@code now-1h}), cursors and limits. Anything invalid is a {@link BadRequest}
 * naming the parameter.
 */
final class ApiRequest {

  /** Most values of one list parameter, and longest value. */
  static final int MAX_VALUES = 50;

  static final int MAX_VALUE_LENGTH = 1024;

  private final Context ctx;
  private final Clock clock;

  ApiRequest(Context ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  /** The filters every event query takes, with the time range {@code from}/{@code to}. */
  EventFilter filter() {
    return new EventFilter(
        list("cluster"),
        list("kind"),
        list("namespace"),
        text("name"),
        text("uid"),
        list("type").stream().map(ApiRequest::type).toList(),
        text("labelSelector"),
        list("path"),
        list("manager"),
        time("from", null),
        time("to", null));
  }

  /**
   * One object: {@code uid}, or {@code kind} and {@code name} (with {@code namespace} and {@code
   * cluster} where needed), which covers every incarnation of that name.
   */
  EventFilter object() {
    String uid = text("uid");
    if (uid != null) {
      return EventFilter.uid(uid);
    }
    String kind = text("kind");
    String name = text("name");
    if (kind == null || name == null) {
      throw new BadRequest("give uid, or kind and name (and namespace for namespaced kinds)");
    }
    String namespace = text("namespace");
    String cluster = text("cluster");
    return new EventFilter(
            cluster == null ? List.of() : List.of(cluster),
            List.of(kind),
            namespace == null ? List.of() : List.of(namespace),
            null,
            null,
            List.of(),
            null,
            List.of(),
            List.of(),
            null,
            null)
        .named(name);
  }

  /** A time parameter, or {@code fallback} when absent. */
  Instant time(String name, Instant fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    try {
      return TimeExpression.parse(value, clock);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(name + ": " + e.getMessage());
    }
  }

  Instant now() {
    return clock.instant();
  }

  Duration duration(String name, Duration fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    try {
      return DurationConverter.parse(value);
    } catch (TypeConversionException e) {
      throw new BadRequest(name + ": " + e.getMessage());
    }
  }

  /** A whole number from {@code min} to {@code max}, or {@code fallback}. */
  int number(String name, int fallback, int min, int max) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // one message below
    }
    throw new BadRequest(name + " must be a whole number from " + min + " to " + max);
  }

  Cursor cursor(String name) {
    String value = text(name);
    try {
      return value == null ? null : Cursor.parse(value);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(name + ": " + e.getMessage());
    }
  }

  /** {@code ?name}, {@code ?name=true} or {@code ?name=1}. */
  boolean flag(String name) {
    String value = ctx.queryParam(name);
    return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
  }

  /** A single value, trimmed; {@code null} when absent or empty. */
  String text(String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new BadRequest(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
    }
    return value.trim();
  }

  /** Every value of a repeated or comma-separated parameter. */
  List<String> list(String name) {
    List<String> values = new ArrayList<>();
    for (String raw : ctx.queryParams(name)) {
      for (String value : raw.split(",")) {
        if (!value.isBlank()) {
          if (value.length() > MAX_VALUE_LENGTH) {
            throw new BadRequest(name + " has a value longer than " + MAX_VALUE_LENGTH);
          }
          values.add(value.trim());
        }
      }
    }
    if (values.size() > MAX_VALUES) {
      throw new BadRequest(name + " takes at most " + MAX_VALUES + " values");
    }
    return values;
  }

  private static EventType type(String value) {
    try {
      return EventType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("type must be ADDED, MODIFIED or DELETED");
    }
  }
}
