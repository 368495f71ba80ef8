import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlidingWindowRateLimiter } from "./rate-limit";
import { KEY_A, KEY_B, startSandbox, type ApiResponse, type TestSandbox } from "./test-helpers";

// Reference §5: 1000 requests per sliding minute per key; RateLimit-Limit "1000, 1000;window=60",
// RateLimit-Remaining, RateLimit-Reset (seconds until the earliest request leaves the window) on
// every response; 429 past the limit.

describe("SlidingWindowRateLimiter", () => {
  it("lets requests back in as the earliest ones leave the window", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(() => now);
    expect(limiter.consume("k", 2)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
    now = 20_000;
    expect(limiter.consume("k", 2)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 40 });
    now = 30_000;
    expect(limiter.consume("k", 2)).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 30 });
    now = 60_001;
    expect(limiter.consume("k", 2)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 20 });
    expect(limiter.consume("other", 2)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe("rate limit over HTTP", () => {
  let t: TestSandbox;
  let now = Date.UTC(2025, 0, 1);
  beforeAll(async () => {
    t = await startSandbox({ now: () => now });
  });
  afterAll(() => t.close());

  it("1001 calls in under a minute get exactly one 429, Remaining counting down", async () => {
    const responses: ApiResponse[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 1001) {
        next += 1;
        responses.push(await t.api.get("/resources/admins?limit=1"));
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(responses).toHaveLength(1001);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    const ok = responses.filter((r) => r.status === 200);
    const remaining = ok.map((r) => Number(r.headers.get("ratelimit-remaining"))).sort((a, b) => b - a);
    expect(remaining).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
    for (const r of responses) {
      expect(r.headers.get("ratelimit-limit")).toBe("1000, 1000;window=60");
      const reset = Number(r.headers.get("ratelimit-reset"));
      expect(reset).toBeGreaterThanOrEqual(0);
      expect(reset).toBeLessThanOrEqual(60);
    }
    const [tooMany] = limited as [ApiResponse];
    expect(tooMany.headers.get("ratelimit-remaining")).toBe("0");
    expect(tooMany.headers.get("retry-after")).toBe("60");
    // The limit is per key: key B is untouched.
    const other = await t.apiB.get("/resources/admins");
    expect(other.status).toBe(200);
    expect(other.headers.get("ratelimit-remaining")).toBe("999");
  }, 60_000);

  it("the window slides: requests come back as the earliest ones age out", async () => {
    now += 120_000;
    await t.control.setRateLimit(KEY_B, 3);
    const start = now;
    const statuses: number[] = [];
    for (const offset of [0, 10_000, 20_000]) {
      now = start + offset;
      const res = await t.apiB.get("/resources/admins");
      statuses.push(res.status);
      expect(res.headers.get("ratelimit-limit")).toBe("3, 3;window=60");
    }
    now = start + 30_000;
    const blocked = await t.apiB.get("/resources/admins");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("ratelimit-reset")).toBe("30");
    expect(blocked.headers.get("retry-after")).toBe("30");
    now = start + 60_001;
    const again = await t.apiB.get("/resources/admins");
    expect(again.status).toBe(200);
    expect(again.headers.get("ratelimit-remaining")).toBe("0");
    expect(again.headers.get("ratelimit-reset")).toBe("10");
    now = start + 65_000;
    expect((await t.apiB.get("/resources/admins")).status).toBe(429);
    expect(statuses).toEqual([200, 200, 200]);
  });

  it("sends the headers on error responses too, and the control API reports the window", async () => {
    now += 120_000;
    await t.control.setRateLimit(KEY_B, null);
    const missing = await t.apiB.get("/resources/accounts/does-not-exist");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ratelimit-remaining")).toBe("999");
    const unauthenticated = await t.client(null).get("/resources/accounts");
    expect(unauthenticated.headers.get("ratelimit-limit")).toBe("1000, 1000;window=60");
    expect(await t.control.rateLimit(KEY_B)).toEqual({ limit: 1000, remaining: 999, resetSeconds: 60 });
    expect((await t.control.rateLimit(KEY_A)).remaining).toBe(1000);
  });
});
