// Swagger UI over the service's own OpenAPI document (no inline script: the CSP forbids it).
window.ui = SwaggerUIBundle({ url: "/api/openapi.yaml", dom_id: "#swagger-ui" });
