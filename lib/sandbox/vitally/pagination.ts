import { badRequest } from "./errors";

/**
 * Cursor pagination (reference §4): `limit` (default and max 100), `from` (opaque cursor from the
 * previous page), `sortBy` = createdAt | updatedAt (default updatedAt), newest first. The envelope
 * is `{ results, next, atEnd }`; `next` is null on the last page. The cursor is base64 JSON
 * `{"sortVal":…,"id":…,"sortBy":…}`, a keyset, so pages never overlap and writes to rows already
 * returned do not shift later pages.
 */

export const MAX_LIMIT = 100;

export type SortBy = "createdAt" | "updatedAt";

export interface PageQuery {
  limit: number;
  sortBy: SortBy;
  after: { sortVal: string; id: string } | null;
}

export interface Page<T> {
  results: T[];
  next: string | null;
  atEnd: boolean;
}

interface Sortable {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export function encodeCursor(sortVal: string, id: string, sortBy: SortBy): string {
  return Buffer.from(JSON.stringify({ sortVal, id, sortBy })).toString("base64");
}

function decodeCursor(from: string, sortBy: SortBy): { sortVal: string; id: string } | null {
  try {
    const text = Buffer.from(from, "base64").toString("utf8");
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== "object") return null;
    const { sortVal, id, sortBy: cursorSort } = parsed as Record<string, unknown>;
    if (typeof sortVal !== "string" || typeof id !== "string" || cursorSort !== sortBy) return null;
    return { sortVal, id };
  } catch {
    return null;
  }
}

export function parsePageQuery(query: URLSearchParams, strict: boolean): PageQuery {
  let limit = MAX_LIMIT;
  const rawLimit = query.get("limit");
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    const valid = rawLimit.trim() !== "" && Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT;
    if (!valid && strict) throw badRequest(`limit must be an integer between 1 and ${MAX_LIMIT}`);
    limit = valid ? n : Number.isFinite(n) ? Math.min(MAX_LIMIT, Math.max(1, Math.trunc(n))) : MAX_LIMIT;
  }
  let sortBy: SortBy = "updatedAt";
  const rawSort = query.get("sortBy");
  if (rawSort !== null) {
    if (rawSort === "createdAt" || rawSort === "updatedAt") sortBy = rawSort;
    else if (strict) throw badRequest("sortBy must be one of createdAt, updatedAt");
  }
  let after: PageQuery["after"] = null;
  const from = query.get("from");
  if (from !== null && from !== "") {
    after = decodeCursor(from, sortBy);
    if (!after && strict) throw badRequest("from is not a valid cursor");
  }
  return { limit, sortBy, after };
}

/** Newest first; ties broken by id so the order is total. */
function comesBefore(aVal: string, aId: string, bVal: string, bId: string): boolean {
  return aVal > bVal || (aVal === bVal && aId > bId);
}

/**
 * One page of `items` in keyset order, choosing the top `limit + 1` in one pass instead of sorting
 * the whole collection. Collections hold records roughly in creation order, so walking them from
 * the end meets the newest first: the buffer fills at once and nearly every other record is
 * rejected by a single comparison.
 */
export function paginate<T extends Sortable, R>(
  items: Iterable<T>,
  page: PageQuery,
  present: (item: T) => R,
  filter?: (item: T) => boolean,
): Page<R> {
  const { limit, sortBy, after } = page;
  const keep = limit + 1;
  const all = Array.isArray(items) ? (items as T[]) : Array.from(items);
  const buffer: T[] = [];
  for (let n = all.length - 1; n >= 0; n -= 1) {
    const item = all[n] as T;
    const val = item[sortBy];
    const id = item.id;
    if (buffer.length === keep) {
      const oldest = buffer[keep - 1] as T;
      if (!comesBefore(val, id, oldest[sortBy], oldest.id)) continue;
    }
    if (after && !comesBefore(after.sortVal, after.id, val, id)) continue;
    if (filter && !filter(item)) continue;
    let i = buffer.length;
    buffer.push(item);
    while (i > 0) {
      const prev = buffer[i - 1] as T;
      if (comesBefore(prev[sortBy], prev.id, val, id)) break;
      buffer[i] = prev;
      i -= 1;
    }
    buffer[i] = item;
    if (buffer.length > keep) buffer.pop();
  }
  const hasMore = buffer.length > limit;
  const rows = hasMore ? buffer.slice(0, limit) : buffer;
  const last = rows[rows.length - 1];
  const next = hasMore && last ? encodeCursor(last[sortBy], last.id, sortBy) : null;
  return { results: rows.map(present), next, atEnd: next === null };
}
