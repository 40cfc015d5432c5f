/** A page of a cursor-paginated list, as every API v1 list answers. */
export interface CursorPage<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** The most pages one iteration fetches: a guard against a server that never stops paging. */
export const MAX_PAGES = 10_000;

/**
 * Walks a cursor-paginated list: calls `fetchPage` with `undefined`, then with each `next_cursor`, and
 * yields every item. Stops when `has_more` is false; throws if a cursor repeats (it would loop forever).
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetchPage(cursor);
    yield* page.data;
    if (!page.has_more || !page.next_cursor) return;
    if (seen.has(page.next_cursor)) throw new Error(`Pagination cursor repeated: ${page.next_cursor}`);
    seen.add(page.next_cursor);
    cursor = page.next_cursor;
  }
  throw new Error(`Pagination stopped after ${MAX_PAGES} pages`);
}
