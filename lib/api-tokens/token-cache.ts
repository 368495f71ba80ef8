import type { AuthenticatedToken } from "@/lib/api-tokens/schemas";

/**
 * A small in-process cache of authenticated tokens (by secret hash), so a busy ingest does not
 * query PostgreSQL on every call. Entries live TOKEN_CACHE_TTL_MS; a revocation made in this
 * process drops its entry at once, one made in another process takes effect within the TTL.
 */
export const TOKEN_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;

type Entry = AuthenticatedToken & { expiresAt: number; lastUsedWrittenAt: number };
const g = globalThis as unknown as { ferryTokenCache?: Map<string, Entry> };
const cache: Map<string, Entry> = (g.ferryTokenCache ??= new Map());

export function getCachedToken(hash: string, nowMs: number): Entry | null {
  const entry = cache.get(hash);
  if (!entry) return null;
  if (entry.expiresAt <= nowMs) {
    cache.delete(hash);
    return null;
  }
  return entry;
}

export function cacheToken(hash: string, entry: Entry): void {
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(hash, entry);
}

export function forgetToken(tokenId: string): void {
  for (const [hash, entry] of cache) if (entry.tokenId === tokenId) cache.delete(hash);
}

export function clearTokenCache(): void {
  cache.clear();
}
