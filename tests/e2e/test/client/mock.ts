import { startMock } from "@iamport-contract/mock";
import { afterAll, beforeAll } from "vitest";

/**
 * A real stateless mock on a free loopback port for the calling test file:
 * started before its tests, closed after. Read `url` inside a test or hook.
 */
export function useMock(): { readonly url: string } {
  let mock: Awaited<ReturnType<typeof startMock>> | undefined;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(() => mock?.close());
  return {
    get url() {
      if (!mock) throw new Error("the mock is started in beforeAll: read its url inside a test or hook");
      return mock.url;
    },
  };
}
