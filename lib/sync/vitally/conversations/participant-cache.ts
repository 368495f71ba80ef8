/**
 * Who is who in Vitally, remembered for a few minutes per integration: a burst of follow-up
 * messages costs one lookup per person instead of one per message (like the request sync reuses a
 * requestor's fresh link). Only people FOUND are remembered: a customer who is not a Vitally user
 * yet is looked up again on the next try, so their held messages go as soon as they exist.
 *
 * In-process and bounded. Each Ferry process has its own; a cold process simply looks people up.
 * A cached id that Vitally no longer accepts is forgotten and looked up again (see
 * push-conversation-to-vitally.ts).
 */
export class ParticipantCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(
    readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get<T>(integrationId: string, key: string): T | undefined {
    const k = `${integrationId}:${key}`;
    const hit = this.entries.get(k);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.clock()) {
      this.entries.delete(k);
      return undefined;
    }
    return hit.value as T;
  }

  set(integrationId: string, key: string, value: unknown): void {
    const k = `${integrationId}:${key}`;
    this.entries.delete(k);
    this.entries.set(k, { value, expiresAt: this.clock() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets everything known for one integration (its ids were refused, or its settings changed). */
  forget(integrationId: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(`${integrationId}:`)) this.entries.delete(k);
  }
}

/** The process-wide cache the sync uses unless a test passes its own. */
export const participantCache = new ParticipantCache();
