/**
 * Vitally's rate limit (reference §5): a sliding 60-second window per key, 1000 requests by
 * default. Every response carries `RateLimit-Limit: <n>, <n>;window=60`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (seconds until the earliest request in the window leaves it); past the
 * limit the answer is 429. Rejected requests do not enter the window.
 */

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1000;
export const WINDOW_MS = 60_000;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

interface Window {
  stamps: number[];
  head: number;
}

export class SlidingWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number,
    private readonly windowMs = WINDOW_MS,
  ) {}

  private windowOf(keyId: string, at: number): Window {
    let w = this.windows.get(keyId);
    if (!w) {
      w = { stamps: [], head: 0 };
      this.windows.set(keyId, w);
    }
    const cutoff = at - this.windowMs;
    while (w.head < w.stamps.length && (w.stamps[w.head] ?? 0) <= cutoff) w.head += 1;
    if (w.head > 1024 && w.head * 2 > w.stamps.length) {
      w.stamps = w.stamps.slice(w.head);
      w.head = 0;
    }
    return w;
  }

  private decision(w: Window, at: number, limit: number, allowed: boolean): RateLimitDecision {
    const used = w.stamps.length - w.head;
    const earliest = w.stamps[w.head];
    const resetSeconds = earliest === undefined ? 0 : Math.max(0, Math.ceil((earliest + this.windowMs - at) / 1000));
    return { allowed, limit, remaining: Math.max(0, limit - used), resetSeconds };
  }

  /** Counts one request for the key if it fits in the window. */
  consume(keyId: string, limit: number): RateLimitDecision {
    const at = this.now();
    const w = this.windowOf(keyId, at);
    if (w.stamps.length - w.head >= limit) return this.decision(w, at, limit, false);
    w.stamps.push(at);
    return this.decision(w, at, limit, true);
  }

  /** The key's current figures without counting a request. */
  peek(keyId: string, limit: number): RateLimitDecision {
    const at = this.now();
    return this.decision(this.windowOf(keyId, at), at, limit, true);
  }

  reset(keyId?: string): void {
    if (keyId === undefined) this.windows.clear();
    else this.windows.delete(keyId);
  }

  /** Each key's request times still in the window (for state files). */
  toJSON(): Record<string, number[]> {
    const at = this.now();
    const out: Record<string, number[]> = {};
    for (const keyId of this.windows.keys()) {
      const w = this.windowOf(keyId, at);
      if (w.stamps.length > w.head) out[keyId] = w.stamps.slice(w.head);
    }
    return out;
  }

  /** Replaces all windows with saved request times (ascending per key). */
  load(stamps: Record<string, number[]>): void {
    this.windows.clear();
    for (const [keyId, list] of Object.entries(stamps)) this.windows.set(keyId, { stamps: [...list], head: 0 });
  }
}

export function rateLimitHeaders(decision: Pick<RateLimitDecision, "limit" | "remaining" | "resetSeconds">) {
  return {
    "RateLimit-Limit": `${decision.limit}, ${decision.limit};window=60`,
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
