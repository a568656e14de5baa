package dev.kew.local.cluster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Json;
import dev.kew.local.cluster.store.Listing;
import dev.kew.local.cluster.store.ObjectStore;
import dev.kew.local.cluster.store.ObjectStore.Committed;
import dev.kew.local.cluster.store.ObjectStore.Mutation;
import dev.kew.local.cluster.store.ResourceType;
import dev.kew.local.cluster.store.Selector;
import dev.kew.local.cluster.store.Subscription;
import dev.kew.local.cluster.write.FieldManager;
import dev.kew.local.cluster.write.ObjectNames;
import dev.kew.local.cluster.write.ObjectWrites;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the requests on objects: get, list, watch (HTTP streaming or WebSocket), create, update,
 * patch, delete and deletecollection, for every kind the {@link ResourceRegistry} serves.
 */
final class ResourceHandler {

  private final Vertx vertx;
  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final ObjectWrites writes;
  private final ObjectNames names = new ObjectNames();

  ResourceHandler(Vertx vertx, ObjectStore store, ResourceRegistry registry, ObjectWrites writes) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.writes = writes;
  }

  /** Answers {@code request} (whose body, if any, is {@code body}). */
  void handle(HttpServerRequest request, ResourcePath path, byte[] body) {
    ResourceType type =
        registry
            .find(path.group(), path.version(), path.plural())
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "NotFound", "the server could not find the requested resource"));
    if (type.namespaced()
        ? path.namespace() == null && path.name() != null
        : path.namespace() != null) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    if (path.subresource() != null
        && !(path.subresource().equals("status") && type.statusSubresource())) {
      throw new ApiError(
          404,
          "NotFound",
          "the simulated cluster has no subresource \""
              + path.subresource()
              + "\" for "
              + type.groupResource());
    }
    MultiMap query = request.params();
    if (query.get("dryRun") != null && !query.get("dryRun").isEmpty()) {
      throw ApiError.badRequest("dryRun is not supported by the simulated cluster");
    }
    String manager = FieldManager.of(query.get("fieldManager"), request.getHeader("User-Agent"));
    HttpMethod method = request.method();
    if (path.name() != null) {
      ObjectNames.checkName(path.name());
    }
    if (method == HttpMethod.GET && path.name() != null) {
      byte[] json =
          store
              .get(type, path.namespace(), path.name())
              .orElseThrow(() -> ApiError.notFound(type, path.name()));
      Responses.json(request.response(), 200, json);
    } else if (method == HttpMethod.GET && isWatch(query)) {
      watch(request, type, path, query);
    } else if (method == HttpMethod.GET) {
      Listing listing =
          store.list(
              type,
              path.namespace(),
              selector(query),
              limit(query),
              query.get("resourceVersion"),
              query.get("resourceVersionMatch"),
              query.get("continue"));
      Responses.list(request.response(), type, listing);
    } else if (method == HttpMethod.POST && path.name() == null) {
      ObjectNode object = Json.object(body, "the request body");
      String bodyNamespace = Json.metadataText(object, "namespace");
      if (type.namespaced()
          && bodyNamespace != null
          && !bodyNamespace.isEmpty()
          && !bodyNamespace.equals(path.namespace())) {
        throw ApiError.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      if (type.namespaced() && path.namespace() == null) {
        throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      }
      String name = names.nameForCreate(object);
      commit(
          request,
          type,
          path.namespace(),
          name,
          writes.create(type, path.namespace(), name, object, manager),
          201);
    } else if (method == HttpMethod.PUT && path.name() != null) {
      ObjectNode object = Json.object(body, "the request body");
      commit(
          request,
          type,
          path.namespace(),
          path.name(),
          writes.replace(type, path.name(), object, manager, path.subresource()),
          200);
    } else if (method == HttpMethod.PATCH && path.name() != null) {
      Mutation patch =
          writes.patch(
              type,
              path.name(),
              request.getHeader("Content-Type"),
              body,
              manager,
              path.subresource());
      commit(request, type, path.namespace(), path.name(), patch, 200);
    } else if (method == HttpMethod.DELETE && path.name() != null) {
      ObjectNode options = body.length == 0 ? null : Json.object(body, "the DeleteOptions");
      commit(
          request,
          type,
          path.namespace(),
          path.name(),
          writes.delete(type, path.name(), options),
          200);
    } else if (method == HttpMethod.DELETE) {
      deleteCollection(request, type, path);
    } else {
      throw new ApiError(405, "MethodNotAllowed", method + " is not allowed on this path");
    }
  }

  private void commit(
      HttpServerRequest request,
      ResourceType type,
      String namespace,
      String name,
      Mutation mutation,
      int code) {
    Committed committed;
    if (ResourceRegistry.isDefinition(type)) {
      // Requests are served on several event loops: the kinds served follow definitions in order.
      synchronized (registry) {
        committed = store.write(type, namespace, name, mutation);
        if (committed.type() != null) {
          ObjectNode definition = Json.object(committed.json(), "the stored definition");
          if (committed.type().equals("DELETED")) {
            registry.withdraw(definition);
          } else {
            registry.define(definition);
          }
        }
      }
    } else {
      committed = store.write(type, namespace, name, mutation);
    }
    Responses.json(request.response(), code, committed.json());
  }

  private void watch(
      HttpServerRequest request, ResourceType type, ResourcePath path, MultiMap query) {
    if (flag(query, "sendInitialEvents")) {
      throw ApiError.invalid(
          "sendInitialEvents is not supported by the simulated cluster (as when the WatchList"
              + " feature is off): list, then watch from the list's resourceVersion");
    }
    Selector selector = selector(query);
    if (path.name() != null) {
      throw ApiError.badRequest("watch a single object with fieldSelector=metadata.name=NAME");
    }
    long timeoutSeconds = nonNegative(query.get("timeoutSeconds"), "timeoutSeconds");
    Subscription subscription =
        store.watch(
            type,
            path.namespace(),
            selector,
            query.get("resourceVersion"),
            flag(query, "allowWatchBookmarks"));
    if (timeoutSeconds > 0) {
      long timer = vertx.setTimer(timeoutSeconds * 1000, id -> subscription.end("timeout"));
      request.response().endHandler(v -> vertx.cancelTimer(timer));
    }
    if (request.canUpgradeToWebSocket()) {
      request
          .toWebSocket()
          .onSuccess(
              socket -> WatchStream.overWebSocket(socket, subscription, vertx.getOrCreateContext()))
          .onFailure(e -> subscription.close());
    } else {
      WatchStream.overHttp(request.response(), subscription, vertx.getOrCreateContext());
    }
  }

  private void deleteCollection(HttpServerRequest request, ResourceType type, ResourcePath path) {
    List<String[]> targets = new ArrayList<>();
    try (Listing listing =
        store.list(type, path.namespace(), selector(request.params()), 0, null, null, null)) {
      while (listing.hasNext()) {
        ObjectNode object = Json.object(listing.next(), "a stored object");
        targets.add(
            new String[] {
              Json.metadataText(object, "namespace"), Json.metadataText(object, "name")
            });
      }
    }
    StringBuilder items = new StringBuilder();
    for (String[] target : targets) {
      try {
        Committed deleted =
            store.write(type, target[0], target[1], writes.delete(type, target[1], null));
        items
            .append(items.isEmpty() ? "" : ",")
            .append(new String(deleted.json(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (ApiError e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    String list =
        "{\"kind\":\""
            + type.listKind()
            + "\",\"apiVersion\":\""
            + type.apiVersion()
            + "\",\"metadata\":{\"resourceVersion\":\""
            + store.currentRevision()
            + "\"},\"items\":["
            + items
            + "]}";
    Responses.json(request.response(), 200, list.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static boolean isWatch(MultiMap query) {
    return flag(query, "watch");
  }

  /**
   * A boolean parameter, read as Go's strconv.ParseBool reads it ({@code true}, {@code True},
   * {@code 1}...).
   */
  private static boolean flag(MultiMap query, String name) {
    String value = query.get(name);
    return value != null && java.util.Set.of("1", "t", "T", "true", "True", "TRUE").contains(value);
  }

  private static Selector selector(MultiMap query) {
    return Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
  }

  private static long limit(MultiMap query) {
    return nonNegative(query.get("limit"), "limit");
  }

  private static long nonNegative(String value, String parameter) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      long number = Long.parseLong(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(parameter + " must be a whole number of at least 0");
  }
}
