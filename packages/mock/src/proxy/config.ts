// The proxy's public configuration, apart from the wiring so that the mock's public types pull in no Prism types.

/** `startMock({ proxy })`: where to forward, and what to keep. */
export interface ProxyConfig {
  /** Base URL of PortOne's V1 API or a test channel's stand-in, e.g. `https://api.iamport.kr`. */
  upstream: string;
  /** Base URL for `/api/supplements/…` (PortOne: `https://api.iamport.co`). Default: `upstream`. */
  supplementsUpstream?: string;
  /** Folder to save each distinct response shape in, as a candidate example. */
  recordDir?: string;
  /** Most response bytes validated (default 1 MiB); larger bodies are streamed and reported as too large to validate. */
  maxValidatedBytes?: number;
  /** How long the upstream may take to start answering (default 60 s); then 504. */
  timeoutMs?: number;
  /** Where proxy problems are logged (masked). Default `console.error`. */
  log?: (line: string) => void;
}
