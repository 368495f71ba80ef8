import { z } from "zod";

/**
 * Fault injection per key, switchable at run time through the control API. Each failure kind can
 * fire for the next N calls (`next`, deterministic) and/or with a probability (`rate`, 0..1).
 * Order per request: a 429 burst (before the rate limiter, not counted in the window), then the
 * added latency, then a dropped connection, a timeout (the request hangs until the client gives
 * up) or a 5xx.
 */

const ZCounted = z.object({
  rate: z.number().min(0).max(1).default(0),
  next: z.number().int().min(0).default(0),
});

export const ZFaultSettingsInput = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  serverErrors: ZCounted.extend({ status: z.number().int().min(500).max(599).default(500) }).optional(),
  rateLimitBurst: z
    .strictObject({
      next: z.number().int().min(0),
      retryAfterSeconds: z.number().int().min(0).default(1),
    })
    .optional(),
  timeouts: ZCounted.optional(),
  drops: ZCounted.optional(),
});
export type FaultSettingsInput = z.input<typeof ZFaultSettingsInput>;

export interface FaultSettings {
  latencyMs: number;
  serverErrors: { rate: number; next: number; status: number };
  rateLimitBurst: { next: number; retryAfterSeconds: number };
  timeouts: { rate: number; next: number };
  drops: { rate: number; next: number };
}

export type FaultFailure = { kind: "drop" } | { kind: "timeout" } | { kind: "server-error"; status: number };

export function noFaults(): FaultSettings {
  return {
    latencyMs: 0,
    serverErrors: { rate: 0, next: 0, status: 500 },
    rateLimitBurst: { next: 0, retryAfterSeconds: 1 },
    timeouts: { rate: 0, next: 0 },
    drops: { rate: 0, next: 0 },
  };
}

export class FaultInjector {
  private readonly settings = new Map<string, FaultSettings>();

  constructor(private readonly random: () => number = Math.random) {}

  get(keyId: string): FaultSettings {
    return structuredClone(this.settings.get(keyId) ?? noFaults());
  }

  /** Replaces the key's faults; parts left out are switched off. */
  set(keyId: string, input: FaultSettingsInput): FaultSettings {
    const parsed = ZFaultSettingsInput.parse(input);
    const next = noFaults();
    if (parsed.latencyMs !== undefined) next.latencyMs = parsed.latencyMs;
    if (parsed.serverErrors) next.serverErrors = parsed.serverErrors;
    if (parsed.rateLimitBurst) next.rateLimitBurst = parsed.rateLimitBurst;
    if (parsed.timeouts) next.timeouts = parsed.timeouts;
    if (parsed.drops) next.drops = parsed.drops;
    this.settings.set(keyId, next);
    return this.get(keyId);
  }

  clear(keyId?: string): void {
    if (keyId === undefined) this.settings.clear();
    else this.settings.delete(keyId);
  }

  /** The Retry-After of a forced 429, consuming one from the burst. */
  takeRateLimitBurst(keyId: string): number | null {
    const s = this.settings.get(keyId);
    if (!s || s.rateLimitBurst.next <= 0) return null;
    s.rateLimitBurst.next -= 1;
    return s.rateLimitBurst.retryAfterSeconds;
  }

  latencyMs(keyId: string): number {
    return this.settings.get(keyId)?.latencyMs ?? 0;
  }

  private fires(counted: { rate: number; next: number }): boolean {
    if (counted.next > 0) {
      counted.next -= 1;
      return true;
    }
    return counted.rate > 0 && this.random() < counted.rate;
  }

  takeFailure(keyId: string): FaultFailure | null {
    const s = this.settings.get(keyId);
    if (!s) return null;
    if (this.fires(s.drops)) return { kind: "drop" };
    if (this.fires(s.timeouts)) return { kind: "timeout" };
    if (this.fires(s.serverErrors)) return { kind: "server-error", status: s.serverErrors.status };
    return null;
  }
}
