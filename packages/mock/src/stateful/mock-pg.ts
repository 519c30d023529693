import { type Fields, str } from "../body.js";

/** The PG and card every mock payment and billing key claims (KG Inicis' billing test MID, a Shinhan credit card). */
export const MOCK_PG = { pg_provider: "html5_inicis", pg_id: "INIBillTst" };
export const MOCK_CARD = { card_code: "366", card_name: "신한카드", card_type: 0 as const };

/** The PG a request names as `pg: "provider.mid"`, each part defaulting to the mock's. */
export function pgOf(body: Fields): { pg_provider: string; pg_id: string } {
  const pg = str(body.pg);
  if (!pg) return MOCK_PG;
  const [provider, mid] = pg.split(".", 2);
  return { pg_provider: provider || MOCK_PG.pg_provider, pg_id: mid || MOCK_PG.pg_id };
}
