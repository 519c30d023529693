import { num } from "../body.js";

/**
 * One page of a list. A page past the last one is an empty list (with the
 * total), as PortOne answers it: clients such as the official Node client
 * read pages until one comes back empty.
 */
export function page<T>(items: T[], pageNumber: number, limit: number) {
  const total = items.length;
  const start = (pageNumber - 1) * limit;
  return {
    total,
    previous: pageNumber > 1 ? pageNumber - 1 : 0,
    next: start + limit < total ? pageNumber + 1 : 0,
    list: items.slice(start, start + limit),
  };
}

/** `page` and `limit` of a list request, clamped to what PortOne serves. */
export function pageArgs(query: Record<string, unknown>, defaultLimit = 20, maxLimit = 1000) {
  const pageNumber = Math.max(1, Math.floor(num(query.page) ?? 1));
  const limit = Math.min(maxLimit, Math.max(1, Math.floor(num(query.limit) ?? defaultLimit)));
  return { pageNumber, limit };
}
