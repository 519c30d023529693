import { failure, ok } from "../../envelope.js";
import type { Handlers, StatefulContext } from "../context.js";
import type { AccessToken } from "../records.js";
import { randomHex } from "../state.js";

const TOKEN_LIFETIME = 30 * 60;
/** A token this close to expiry is extended rather than replaced, as PortOne does. */
const TOKEN_EXTEND_WINDOW = 60;
const TOKEN_EXTENSION = 5 * 60;

/** Access tokens (`POST /users/getToken`): one current token per merchant, reissued once it expires. */
export function tokenHandlers({ state, credentials }: StatefulContext): Handlers {
  return {
    "POST /users/getToken": ({ body }) => {
      if (body.imp_key !== credentials.apiKey || body.imp_secret !== credentials.apiSecret) {
        return failure(401, "imp_key, imp_secret 인증에 실패하였습니다.");
      }
      const now = state.now();
      let current = state.current;
      if (!current || current.expiredAt <= now) {
        current = { token: randomHex(20), expiredAt: now + TOKEN_LIFETIME };
        state.current = current;
      } else if (current.expiredAt - now < TOKEN_EXTEND_WINDOW) {
        current.expiredAt += TOKEN_EXTENSION;
      }
      state.tokens.set(current.token, { expiredAt: current.expiredAt });
      const token: AccessToken = { access_token: current.token, now, expired_at: current.expiredAt };
      return ok(token);
    },
  };
}
