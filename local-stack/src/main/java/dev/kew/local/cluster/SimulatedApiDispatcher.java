package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD mock dispatcher with two additions that make it pass for an API server:
 *
 * <ul>
 *   <li>it answers API discovery (see {@link ApiDiscovery}), which the plain CRUD dispatcher does
 *       not;
 *   <li>every created object gets a random (version 4) UUID as its uid, as on a real API server.
 *       The mock's own uids are a per-JVM counter ({@code 00000000-...-000000000007}), so two runs
 *       of the simulated cluster would hand out the same uids, and change events keyed by uid in a
 *       persistent Kafka topic would mix up unrelated objects.
 * </ul>
 *
 * <p>The mock assigns its uid inside its (private) POST handler and then calls {@link
 * #processEvent}, the single place where a new object is stored and sent to watches. Overriding it
 * swaps the uid before anything sees it; {@link #handleCreate} then swaps it in the POST response
 * too, so the creating client sees the uid that was stored. This works for every client (fabric8,
 * kubectl, tests), not only for this project's seed and churn code.
 */
final class SimulatedApiDispatcher extends KubernetesCrudDispatcher {

  /**
   * kubectl's typed commands ({@code kubectl create configmap ...}) send protobuf, which the mock
   * cannot read (it would never answer). Say so at once; {@code kubectl create -f} sends JSON.
   */
  private static final Status PROTOBUF_UNSUPPORTED =
      new StatusBuilder()
          .withStatus("Failure")
          .withCode(415)
          .withReason("UnsupportedMediaType")
          .withMessage(
              "the simulated cluster reads JSON only, not protobuf: pipe through"
                  + " 'kubectl create ... --dry-run=client -o json | kubectl create -f -'")
          .build();

  private final ApiDiscovery discovery = new ApiDiscovery();

  /** Mock-assigned uid to the random uid that replaced it, until the POST response is rewritten. */
  private final Map<String, String> replacedUids = new ConcurrentHashMap<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (request.method() == HttpMethod.GET && request.getPath().startsWith("/openapi/v2")) {
      // An empty OpenAPI v2 document (an empty protobuf message): kubectl finds no schema to
      // validate against and sends the object as it is.
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
          .setBody(new byte[0]);
    }
    if (request.method() == HttpMethod.GET && request.getPath().startsWith("/openapi/")) {
      return new MockResponse().setResponseCode(404);
    }
    if (request.method() == HttpMethod.GET) {
      var document = discovery.answer(request.getPath());
      if (document.isPresent()) {
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setBody(Serialization.asJson(document.get()));
      }
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.contains("protobuf")) {
      return new MockResponse()
          .setResponseCode(415)
          .setHeader("Content-Type", "application/json")
          .setBody(Serialization.asJson(PROTOBUF_UNSUPPORTED));
    }
    return super.dispatch(request);
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    boolean created = oldAttributes == null && newState != null && resource != null;
    if (created && resource.getMetadata() != null && resource.getMetadata().getUid() != null) {
      String mockUid = resource.getMetadata().getUid();
      String uid = UUID.randomUUID().toString();
      resource.getMetadata().setUid(uid);
      newState = swapUid(newState, mockUid, uid);
      replacedUids.put(mockUid, uid);
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    MockResponse response = super.handleCreate(request);
    if (response.code() != 201 || response.getBody() == null) {
      return response;
    }
    String body = response.getBody().readUtf8();
    GenericKubernetesResource created =
        Serialization.unmarshal(body, GenericKubernetesResource.class);
    String mockUid = created.getMetadata() == null ? null : created.getMetadata().getUid();
    String uid = mockUid == null ? null : replacedUids.remove(mockUid);
    return response.setBody(uid == null ? body : swapUid(body, mockUid, uid));
  }

  private static String swapUid(String json, String from, String to) {
    return json.replace('"' + from + '"', '"' + to + '"');
  }
}
