package dev.kew.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One writer of a change, as Kubernetes records it in {@code metadata.managedFields}: the entry of
 * this manager changed from the previous version of the object to this one. It names a workflow
 * ({@code kubectl-edit}, {@code helm}, {@code kube-controller-manager}), not a person.
 *
 * @param manager the field manager: the request's {@code fieldManager}, else the client's user
 *     agent up to its first {@code /}
 * @param operation {@code Update} or {@code Apply} (kept as written, so a later value is read too)
 * @param subresource the subresource written, e.g. {@code status}; {@code null} for the object
 * @param time when the entry last changed; {@code null} when the entry had none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FieldManager(String manager, String operation, String subresource, Instant time) {

  public FieldManager {
    if (manager == null || manager.isBlank()) {
      throw new IllegalArgumentException("changedBy.manager is required");
    }
    if (subresource != null && subresource.isEmpty()) {
      subresource = null;
    }
  }

  /** {@code kubectl-edit}, or {@code kubelet (status)} for a subresource. */
  @Override
  public String toString() {
    return subresource == null ? manager : manager + " (" + subresource + ")";
  }
}
