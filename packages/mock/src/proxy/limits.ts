// The proxy's documented limits (README, control-openapi.yaml), in one place.

/** Most bytes of a response body the proxy validates; a larger body is streamed to the client and reported as too large to validate. */
export const DEFAULT_MAX_VALIDATED_BYTES = 1024 * 1024;
/** Most bytes of a request body the proxy accepts (it validates every request before forwarding it). */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How long the upstream may take to start answering before the proxy gives up with 504. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;
