import { inspect } from "node:util";
import { expect } from "vitest";

/** Every way an error gets printed or shipped: String(), JSON, util.inspect (with causes), the stack. */
export function errorTexts(error: unknown): string[] {
  return [
    String(error),
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 10, showHidden: true }),
    (error as Error | undefined)?.stack ?? "",
  ];
}

/**
 * Collects every error a test file produces, so that one check at the end
 * can prove none of them carries a secret, however it is serialised.
 */
export function errorLog() {
  const errors: unknown[] = [];
  const secrets = new Set<string>();
  return {
    errors,
    secrets,
    /** Awaits a promise that must reject; records and returns the rejection. */
    async rejection(promise: Promise<unknown>): Promise<unknown> {
      try {
        await promise;
      } catch (error) {
        errors.push(error);
        return error;
      }
      throw new Error("expected the call to reject");
    },
    record<T>(error: T): T {
      errors.push(error);
      return error;
    },
    /** Adds the tokens seen in `Authorization` headers to the secrets to look for. */
    addTokensFrom(calls: Array<{ authorization: string | null }>) {
      for (const call of calls) if (call.authorization) secrets.add(call.authorization.replace(/^Bearer /, ""));
    },
    assertNoSecrets() {
      expect(secrets.size).toBeGreaterThan(0);
      for (const error of errors) {
        const [plain = "", asJson = ""] = errorTexts(error);
        for (const text of errorTexts(error)) {
          for (const secret of secrets) {
            if (secret.length > 3) expect(text, `an error leaks a secret: ${text.slice(0, 200)}`).not.toContain(secret);
          }
        }
        // Short values (a 2-digit pwd_2digit, a cvc) as whole words, in the message and the JSON:
        // stacks and inspect output are full of line numbers.
        for (const secret of secrets) {
          if (secret.length <= 3) for (const text of [plain, asJson]) expect(text).not.toMatch(new RegExp(`\\b${secret}\\b`));
        }
      }
    },
  };
}
