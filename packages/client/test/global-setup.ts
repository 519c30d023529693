import { startMock } from "@iamport-contract/mock";
import type { TestProject } from "vitest/node";

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
