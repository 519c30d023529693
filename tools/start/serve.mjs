// `npm start`'s main job: the mock server and the API reference, side by side
// on loopback, until Ctrl-C. Ports: IAMPORT_MOCK_PORT (4010), IAMPORT_DOCS_PORT (4011);
// IAMPORT_MOCK_STATEFUL=1 starts the mock in stateful mode.
import { serveReference } from "@iamport-contract/docs/server";
import { startMock } from "@iamport-contract/mock";

const host = process.env.IAMPORT_HOST ?? "127.0.0.1";
const mockPort = Number(process.env.IAMPORT_MOCK_PORT ?? 4010);
const docsPort = Number(process.env.IAMPORT_DOCS_PORT ?? 4011);
const stateful = process.env.IAMPORT_MOCK_STATEFUL === "1";

function portInUse(error, port, variable) {
  if (error?.code === "EADDRINUSE") {
    console.error(`Port ${port} is already in use. Stop whatever holds it, or set ${variable} to another port.`);
    process.exit(1);
  }
  throw error;
}

const mock = await startMock({ port: mockPort, host, stateful }).catch((error) => portInUse(error, mockPort, "IAMPORT_MOCK_PORT"));
const reference = await serveReference({ port: docsPort, host }).catch(async (error) => {
  await mock.close();
  return portInUse(error, docsPort, "IAMPORT_DOCS_PORT");
});

const mockLabel = `Mock server (PortOne V1 + supplements, ${stateful ? "stateful" : "stateless"}):`;
const docsLabel = "API reference:";
const width = Math.max(mockLabel.length, docsLabel.length) + 2;
const apiKey = stateful ? "test_api_key" : "any_key";
const apiSecret = stateful ? "test_api_secret" : "any_secret";
console.log(`
  ${mockLabel.padEnd(width)}${mock.url}
  ${docsLabel.padEnd(width)}${reference.url}

  Try:  curl -s -X POST ${mock.url}/users/getToken -H 'content-type: application/json' \\
          -d '{"imp_key":"${apiKey}","imp_secret":"${apiSecret}"}'

  Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([mock.close(), reference.close()]);
    console.log("  Stopped the mock and the reference.");
    process.exit(0);
  });
}
