/** A real `fetch` that remembers what it sent, so tests can assert on headers and counts. */
export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | null;
}

export function recordingFetch() {
  const requests: RecordedRequest[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, authorization: request.headers.get("authorization") });
    return fetch(request);
  };
  return { fetch: fetchImpl, requests };
}
