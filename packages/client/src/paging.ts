/**
 * `@iamport-contract/client/paging`: iterate PortOne's paged lists without
 * writing the paging loop. A separate entry point, so that services that do
 * not page pay nothing in the core bundle.
 */
import { type FetchResult, type Unwrapped, unwrap } from "./unwrap.js";

/** One page as PortOne sends it: `next` is the next page number, `0` (or absent) on the last page. */
interface Page {
  list?: readonly unknown[] | null;
  next?: number | null;
}
type ItemOf<Content> = Content extends { list?: readonly (infer Item)[] | null } ? Item : never;

/** Where to stop: a list larger than this many pages is a bug (a `next` that never reaches 0), not data. */
const MAX_PAGES = 10_000;

/**
 * Every item of a paged list (`GET /payments/status/{payment_status}`,
 * `/payments/findAll/{merchant_uid}`, `/subscribe/payments/schedule`,
 * `/subscribe/customers/{customer_uid}/payments` and `/schedules`, …),
 * fetching page after page as the loop consumes them, starting at page 1:
 *
 * ```ts
 * for await (const payment of pages((page) =>
 *   portone.v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "paid" }, query: { page, limit: 100 } } }),
 * )) console.log(payment.imp_uid);
 * ```
 *
 * Each page goes through {@link unwrap}: a refusal or an HTTP error is thrown
 * as `IamportApiError`. Stopping the loop (`break`) fetches no further page.
 */
export async function* pages<T extends FetchResult>(
  fetchPage: (page: number) => T | Promise<T>,
): AsyncGenerator<ItemOf<Unwrapped<T>>, void, undefined> {
  let page = 1;
  for (let fetched = 0; fetched < MAX_PAGES; fetched++) {
    const content = (await unwrap(fetchPage(page))) as Page | null | undefined;
    for (const item of content?.list ?? []) yield item as ItemOf<Unwrapped<T>>;
    const next = content?.next;
    if (!next || next <= page) return;
    page = next;
  }
  throw new RangeError(`pages(): more than ${MAX_PAGES} pages; is \`next\` ever 0?`);
}
