/** Every way an error gets printed or shipped: String(), JSON, util.inspect (with causes), the stack. */
export declare function errorTexts(error: unknown): string[];

export interface ErrorLog {
  errors: unknown[];
  secrets: Set<string>;
  /** Awaits a promise that must reject; records and returns the rejection. */
  rejection(promise: Promise<unknown>): Promise<unknown>;
  record<T>(error: T): T;
  /** Adds the tokens seen in `Authorization` headers to the secrets to look for. */
  addTokensFrom(calls: Array<{ authorization: string | null }>): void;
  /** Fails the test when any recorded error, however serialised, contains a secret. */
  assertNoSecrets(): void;
}

/** Collects every error a test file produces, so that one check at the end proves none carries a secret. */
export declare function errorLog(): ErrorLog;
