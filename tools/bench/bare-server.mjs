// The physical limit to compare against: a bare node:http server answering
// the same JSON bodies the mock answers, with no validation or routing logic.
//   node tools/bench/bare-server.mjs <port>
import { createServer } from "node:http";
import { PAYMENT_BODY, TOKEN_BODY } from "./fixtures.mjs";

const PREPARE_BODY = JSON.stringify({ code: 0, message: null, response: { merchant_uid: "order_bench", amount: 10000, currency: "KRW" } });
const port = Number(process.argv[2] ?? 0);
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = req.url === "/users/getToken" ? TOKEN_BODY : req.method === "POST" ? PREPARE_BODY : PAYMENT_BODY;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
