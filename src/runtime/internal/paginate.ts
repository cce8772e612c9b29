/**
 * Walking a paginated list in the provider's style (page numbers, offsets or a cursor), as data
 * from its annotation file. It stops on the last page, on an empty page, and when the server
 * repeats a page or cursor or sends the previous page's items again (a server that ignores the page
 * parameter); past `maxPages` it throws rather than walk on. The caller's `signal` is honoured
 * between and during pages.
 */
import { apiErrorFor } from "./api-error.js";
import { valueAt } from "./own.js";
import { RequestAbortedError } from "../errors.js";
import type { PaginationStyle, RuntimeFacts } from "../table.js";
import type { Page, PaginateOptions, Paginated } from "../types.js";

export const DEFAULT_MAX_PAGES = 1_000;

type Init = PaginateOptions & {
  params?: { query?: Record<string, unknown>; [key: string]: unknown };
  signal?: AbortSignal;
  [key: string]: unknown;
};
type Get = (path: string, init: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export function paginate<Item, Body>(
  get: Get,
  provider: string,
  facts: RuntimeFacts | undefined,
  style: PaginationStyle,
  path: string,
  { maxPages = DEFAULT_MAX_PAGES, ...init }: Init = {},
): Paginated<Item, Body> {
  async function* pages(): AsyncGenerator<Page<Item, Body>> {
    if (!(Number.isInteger(maxPages) && maxPages > 0))
      throw new RangeError(`${provider}: maxPages must be a positive whole number`);
    const query: Record<string, unknown> = { ...(init.params?.query ?? {}) };
    const seen = new Set<string>();
    let previousItems: string | undefined;
    for (let walked = 0; ; walked++) {
      if (walked === maxPages)
        throw new RangeError(
          `${provider}: paginating GET ${path} reached maxPages (${maxPages}) and the list goes on; pass a larger maxPages to walk further`,
        );
      if (init.signal?.aborted)
        throw new RequestAbortedError(`${provider}: paginating GET ${path} was aborted by its signal`, {
          cause: init.signal.reason,
        });
      const position = JSON.stringify(positionOf(style, query));
      if (seen.has(position)) return; // the server sent us back to a page we already had
      seen.add(position);
      const { data, error, response } = await get(path, { ...init, params: { ...init.params, query: { ...query } } });
      if (error !== undefined || !response.ok) throw apiErrorFor(provider, `GET ${path}`, response, error, facts);
      const items = valueAt(data, style.items);
      const list = Array.isArray(items) ? (items as Item[]) : [];
      // A server that ignores the page parameter sends the same items again: the list has ended.
      const itemsKey = list.length ? JSON.stringify(list) : undefined;
      if (itemsKey !== undefined && itemsKey === previousItems) return;
      previousItems = itemsKey;
      yield { items: list, body: data as Body, response };
      if (list.length === 0 || !advance(style, query, data, list)) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
  };
}

function positionOf(style: PaginationStyle, query: Record<string, unknown>): unknown {
  return style.style === "page"
    ? (query[style.page] ?? 1)
    : style.style === "offset"
      ? (query[style.offset] ?? 0)
      : (query[style.cursor] ?? null);
}

/** Moves `query` to the next page; false when this page was the last. */
function advance(style: PaginationStyle, query: Record<string, unknown>, body: unknown, items: unknown[]): boolean {
  switch (style.style) {
    case "page": {
      const current = Number(query[style.page] ?? 1);
      const last = Number(valueAt(body, style.totalPages ?? style.lastPage ?? ""));
      if (Number.isFinite(last) && last > 0 && current >= last) return false;
      query[style.page] = current + 1;
      return true;
    }
    case "offset": {
      const hasNext = style.hasNextPage ? valueAt(body, style.hasNextPage) : undefined;
      if (hasNext === false) return false;
      const limit = Number(query[style.limit] ?? style.defaultLimit);
      // Without the provider saying, a short page is the last one.
      if (hasNext !== true && Number.isFinite(limit) && items.length < limit) return false;
      query[style.offset] = Number(query[style.offset] ?? 0) + items.length;
      return true;
    }
    case "cursor": {
      if (valueAt(body, style.hasMore) !== true) return false;
      const cursor = valueAt(items[items.length - 1], style.cursorFrom);
      if (cursor === undefined || cursor === null) return false;
      query[style.cursor] = cursor;
      return true;
    }
  }
}
