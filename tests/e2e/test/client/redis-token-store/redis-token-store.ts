import type { StoredToken, TokenStore } from "@iamport-contract/client";

/**
 * The recipe of the client README ("Sharing the token across a fleet"): a
 * `TokenStore` on Redis with node-redis (`redis` on npm). Copy it into your
 * service; the client itself does not depend on Redis.
 *
 * - The entry expires in Redis when the token does (`EX` = its remaining life
 *   on PortOne's clock), and a read returns the entry's remaining time to live
 *   with it (`PTTL`, in the same transaction), as `readAt`: PortOne's time of
 *   the read. A host that has not called getToken yet can then use the token.
 * - Every command is bounded by `timeoutMs`. A Redis outage then costs at most
 *   that much: the client treats a failed `get` or `set` as a miss and calls
 *   getToken. Create the Redis client with `disableOfflineQueue: true`, so that
 *   commands fail at once while it is disconnected instead of waiting in a
 *   queue, and with an `error` listener (node-redis emits one per failed
 *   reconnect; unhandled, it would end the process).
 */
/** The two commands the store sends, as any node-redis client (`createClient()`, a cluster's or a pool's) has them. */
export interface RedisCommands {
  multi(): { get(key: string): { pTTL(key: string): { exec(): PromiseLike<unknown[]> } } };
  set(key: string, value: string, options: { expiration: { type: "EX"; value: number } }): PromiseLike<unknown>;
}

export function redisTokenStore(redis: RedisCommands, { timeoutMs = 500 } = {}): TokenStore {
  const bounded = <T>(command: PromiseLike<T>): Promise<T> =>
    Promise.race([
      command,
      new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs).unref();
      }),
    ]);
  return {
    async get(key) {
      const [value, remainingMs] = await bounded(redis.multi().get(key).pTTL(key).exec());
      if (typeof value !== "string" || typeof remainingMs !== "number" || remainingMs <= 0) return undefined;
      const token = JSON.parse(value) as StoredToken;
      return { ...token, readAt: token.expiredAt - remainingMs / 1000 };
    },
    async set(key, token, ttlSeconds) {
      const { accessToken, expiredAt, issuedAt } = token; // never a readAt of another read
      await bounded(
        redis.set(key, JSON.stringify({ accessToken, expiredAt, issuedAt }), { expiration: { type: "EX", value: ttlSeconds } }),
      );
    },
  };
}
