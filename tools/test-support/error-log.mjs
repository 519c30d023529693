// Shared by the client's own tests and the cross-package tests in tests/e2e:
// collects every error a test file produces, so that one check at the end
// proves none of them carries a secret, however it is serialised.
import { inspect } from "node:util";
import { expect } from "vitest";

/** Every way an error gets printed or shipped: String(), JSON, util.inspect (with causes), the stack. */
export function errorTexts(error) {
  return [String(error), JSON.stringify(error) ?? "", inspect(error, { depth: 10, showHidden: true }), error?.stack ?? ""];
}

export function errorLog() {
  const errors = [];
  const secrets = new Set();
  return {
    errors,
    secrets,
    /** Awaits a promise that must reject; records and returns the rejection. */
    async rejection(promise) {
      try {
        await promise;
      } catch (error) {
        errors.push(error);
        return error;
      }
      throw new Error("expected the call to reject");
    },
    record(error) {
      errors.push(error);
      return error;
    },
    /** Adds the tokens seen in `Authorization` headers to the secrets to look for. */
    addTokensFrom(calls) {
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
