import { StatefulApi } from "./api.js";
import { BoundedMap } from "./bounded.js";
import { ImpUidSequence, MockState, type StateLimits } from "./state.js";

export interface MerchantOptions {
  /** The REST API key always accepted. */
  apiKey: string;
  /** The secret every accepted key must be paired with. */
  apiSecret: string;
  /** Also accept any `imp_key` starting with `test_` (each its own merchant). */
  acceptTestKeys: boolean;
  limits: StateLimits;
  /** Hosts other than loopback that webhooks may be sent to. */
  webhookAllowHosts: readonly string[];
}

/** Most merchants kept at once; past that, the least recently created goes. */
const MAX_MERCHANTS = 1_000;
const TEST_KEY_PREFIX = "test_";

/**
 * One stateful API per `imp_key`, as PortOne keeps one store per merchant
 * (상점): each has its own tokens, payments, schedules, links, webhooks and
 * clock, so parallel test files using different keys never see each other.
 */
export class Merchants {
  readonly #options: MerchantOptions;
  readonly #byKey: BoundedMap<string, StatefulApi>;
  readonly #impUids = new ImpUidSequence();
  /** access token → merchant; a stale entry is harmless: the merchant's own store decides. */
  readonly #byToken: BoundedMap<string, StatefulApi>;
  /** The merchant of the configured key, used when a control call names none. */
  readonly primary: StatefulApi;

  constructor(options: MerchantOptions) {
    this.#options = options;
    this.#byKey = new BoundedMap(MAX_MERCHANTS);
    this.#byToken = new BoundedMap(MAX_MERCHANTS * 16);
    this.primary = this.#create(options.apiKey);
  }

  #create(apiKey: string): StatefulApi {
    const api = new StatefulApi(
      new MockState(this.#options.limits, this.#impUids),
      { apiKey, apiSecret: this.#options.apiSecret },
      this.#options.webhookAllowHosts,
    );
    this.#byKey.set(apiKey, api);
    return api;
  }

  /** Whether getToken accepts this key at all (the secret is checked by the merchant). */
  accepts(apiKey: unknown): apiKey is string {
    if (typeof apiKey !== "string") return false;
    return apiKey === this.#options.apiKey || (this.#options.acceptTestKeys && apiKey.startsWith(TEST_KEY_PREFIX));
  }

  /**
   * The merchant that answers getToken for these credentials. A key that is
   * not accepted, or a wrong secret, goes to the configured merchant, whose
   * getToken then refuses it with 401; no merchant is created for it.
   */
  forCredentials(apiKey: unknown, apiSecret: unknown): StatefulApi {
    if (!this.accepts(apiKey) || apiSecret !== this.#options.apiSecret || apiKey === this.#options.apiKey) return this.primary;
    return this.#byKey.get(apiKey) ?? this.#create(apiKey);
  }

  /** Remembers which merchant issued a token. */
  noteToken(token: string, api: StatefulApi): void {
    this.#byToken.set(token, api);
  }

  /** The merchant whose live token `Authorization` carries, if any. */
  byAuthorization(header: string | undefined): StatefulApi | undefined {
    if (!header) return undefined;
    const token = header.replace(/^Bearer\s+/i, "").trim();
    const api = this.#byToken.get(token);
    return api?.authorize(header) ? api : undefined;
  }

  all(): IterableIterator<StatefulApi> {
    return this.#byKey.values();
  }

  /** Forgets every merchant except the configured one, which is emptied. */
  resetAll(): void {
    for (const api of this.#byKey.values()) api.webhooks.abortAll();
    this.#byKey.clear();
    this.#byToken.clear();
    this.primary.state.reset();
    this.primary.faults.clear();
    this.primary.requests.clear();
    this.#byKey.set(this.#options.apiKey, this.primary);
  }

  runDue(): void {
    for (const api of this.#byKey.values()) api.runDue();
  }
}
