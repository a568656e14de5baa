package dev.kew.local.cluster.store;

/**
 * A request the API server refuses, as a Kubernetes {@code Status}: the HTTP code, the reason
 * ({@code NotFound}, {@code AlreadyExists}, {@code Conflict}, {@code Expired}, ...) and a message.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;

  public ApiError(int code, String reason, String message) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message);
  }

  public static ApiError notFound(ResourceType type, String name) {
    return new ApiError(404, "NotFound", type.groupResource() + " \"" + name + "\" not found");
  }

  public static ApiError alreadyExists(ResourceType type, String name) {
    return new ApiError(
        409, "AlreadyExists", type.groupResource() + " \"" + name + "\" already exists");
  }

  public static ApiError conflict(ResourceType type, String name, String why) {
    return new ApiError(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name + "\": " + why);
  }

  public static ApiError invalid(String message) {
    return new ApiError(422, "Invalid", message);
  }

  /** 410 Gone, reason Expired: what kube-apiserver answers for history it no longer has. */
  public static ApiError expired(String message) {
    return new ApiError(410, "Expired", message);
  }

  /** The error as a Kubernetes {@code Status} object, JSON. */
  public byte[] statusJson() {
    com.fasterxml.jackson.databind.node.ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason);
    status.put("code", code);
    return Json.bytes(status);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
