import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { pruneRateLedger, takeCallSlot, usedInWindow } from "@/lib/sync/rate-budget";

describe("takeCallSlot", () => {
  it("grants up to the limit within the window, then tells how long to wait", async () => {
    const budgetKey = randomUUID();
    const t0 = new Date("2026-11-23T10:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      const at = new Date(t0.getTime() + i * 1000);
      expect(await takeCallSlot({ budgetKey, limit: 5, windowMs: 60_000 }, { now: () => at })).toEqual({ granted: true });
    }
    const denied = await takeCallSlot({ budgetKey, limit: 5, windowMs: 60_000 }, { now: () => new Date(t0.getTime() + 10_000) });
    // The oldest call (t0) leaves the window at t0 + 60 s, 50 s after "now".
    expect(denied).toEqual({ granted: false, retryAfterMs: 50_000 });
  });

  it("slides: a slot frees up as soon as the oldest call leaves the window", async () => {
    const budgetKey = randomUUID();
    const t0 = new Date("2026-11-23T10:00:00.000Z");
    await takeCallSlot({ budgetKey, limit: 2, windowMs: 60_000 }, { now: () => t0 });
    await takeCallSlot({ budgetKey, limit: 2, windowMs: 60_000 }, { now: () => new Date(t0.getTime() + 30_000) });
    expect((await takeCallSlot({ budgetKey, limit: 2 }, { now: () => new Date(t0.getTime() + 59_000) })).granted).toBe(false);
    expect((await takeCallSlot({ budgetKey, limit: 2 }, { now: () => new Date(t0.getTime() + 60_001) })).granted).toBe(true);
    expect(await usedInWindow({ budgetKey }, { now: () => new Date(t0.getTime() + 60_001) })).toBe(2);
  });

  it("never over-grants under concurrency", async () => {
    const budgetKey = randomUUID();
    const now = () => new Date("2026-11-23T11:00:00.000Z");
    const results = await Promise.all(Array.from({ length: 30 }, () => takeCallSlot({ budgetKey, limit: 10 }, { now })));
    expect(results.filter((r) => r.granted)).toHaveLength(10);
    expect(await db().rateLedger.count({ where: { budgetKey } })).toBe(10);
  });

  it("keys are independent and old rows are pruned", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const now = () => new Date("2026-11-23T12:00:00.000Z");
    await takeCallSlot({ budgetKey: a, limit: 1 }, { now });
    expect((await takeCallSlot({ budgetKey: b, limit: 1 }, { now })).granted).toBe(true);
    await pruneRateLedger({ now: () => new Date("2026-11-23T12:10:00.000Z") });
    expect(await db().rateLedger.count({ where: { budgetKey: { in: [a, b] } } })).toBe(0);
  });
});
