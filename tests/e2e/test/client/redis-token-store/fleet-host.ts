// One host of a fleet, run as its own process by redis-token-store.test.ts:
// a client sharing its token through Redis, pointed at the mock. Prints one
// JSON line: the token it used and what its calls answered.
import { createIamportClient } from "@iamport-contract/client";
import { createClient } from "redis";
import { redisTokenStore } from "./redis-token-store.ts";

const { MOCK_URL, REDIS_URL } = process.env;
if (!MOCK_URL || !REDIS_URL) throw new Error("MOCK_URL and REDIS_URL are required");

const redis = createClient({ url: REDIS_URL, disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: 50 } });
redis.on("error", () => {}); // an outage is handled by the store's callers; reconnects go on
await redis.connect();
const portone = createIamportClient({
  apiKey: "fleet_key",
  apiSecret: "fleet_secret",
  baseUrl: MOCK_URL,
  tokenStore: redisTokenStore(redis),
  retry: false,
});
const { error, response } = await portone.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } });
const token = await portone.auth.getAccessToken();
process.stdout.write(`${JSON.stringify({ status: response.status, error: error?.message, token })}\n`);
await redis.close();
