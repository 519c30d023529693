// By path, not as a package dependency: the mock's own flow tests use this
// client, and a two-way package dependency would be a cycle. turbo.json makes
// this package's typecheck and test wait for the mock's build.

import type { TestProject } from "vitest/node";
import { startMock } from "../../mock/dist/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

/** One real Prism-backed mock on a free loopback port for the whole run. */
export default async function setup(project: TestProject) {
  const mock = await startMock({ port: 0 });
  project.provide("mockUrl", mock.url);
  return () => mock.close();
}
