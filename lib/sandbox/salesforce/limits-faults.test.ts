import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "./server";
import { DEMO_ORG_SLUG, DEMO_SANDBOX_ORG_SLUG } from "./seed-demo";
import { RestClient, startSandbox, type TestSandbox } from "./test-helpers";

// Reference §3.8 (daily allocation, Sforce-Limit-Info), §3.7 (403 REQUEST_LIMIT_EXCEEDED),
// §6 #6 (limit header, switches for 403 and 503), §6 #16 (request log).

describe("API usage limits", () => {
  let t: TestSandbox;
  let api: RestClient;
  let now = Date.UTC(2026, 0, 5, 9);
  beforeAll(async () => {
    t = await startSandbox({ now: () => now, dailyApiLimit: 5, sessionTimeoutMs: 3 * DAY_MS });
    api = await t.adminClient();
  });
  afterAll(() => t.close());

  it("every REST answer carries Sforce-Limit-Info: api-usage=N/M; past the limit 403 REQUEST_LIMIT_EXCEEDED", async () => {
    const used: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await api.get("/limits");
      expect(res.status).toBe(200);
      used.push(res.headers.get("sforce-limit-info") ?? "");
    }
    expect(used).toEqual(["api-usage=1/5", "api-usage=2/5", "api-usage=3/5", "api-usage=4/5", "api-usage=5/5"]);
    const over = await api.get("/sobjects/Account/describe");
    expect(over.status).toBe(403);
    expect(over.body).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
    expect(over.headers.get("sforce-limit-info")).toBe("api-usage=5/5");
    // The allocation is per org: the sandbox org is untouched.
    const other = await t.connect({ loginHost: "test" });
    const res = await new RestClient(other.instance_url, other.access_token).get("/limits");
    expect(res.headers.get("sforce-limit-info")).toBe("api-usage=1/5");
    expect(res.body).toEqual({ DailyApiRequests: { Max: 5, Remaining: 4 } });
    // A rolling 24 h window: a day later the calls are back.
    now += DAY_MS;
    expect((await api.get("/limits")).headers.get("sforce-limit-info")).toBe("api-usage=1/5");
  });

  it("the control API reads and sets usage and the limit", async () => {
    expect(await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: 100, used: 99 })).toEqual({ used: 99, limit: 100 });
    expect((await api.get("/limits")).headers.get("sforce-limit-info")).toBe("api-usage=100/100");
    expect((await api.get("/limits")).status).toBe(403);
    expect(await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: null, used: 0 })).toEqual({ used: 0, limit: 5 });
  });

  it("access tokens stop working after the session timeout (no expires_in; the 401 tells; §2.4)", async () => {
    now += 3 * DAY_MS;
    const res = await api.get("/limits");
    expect(res.status).toBe(401);
    expect(res.body[0].errorCode).toBe("INVALID_SESSION_ID");
  });
});

describe("fault injection", () => {
  let t: TestSandbox;
  let api: RestClient;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
  });
  afterAll(() => t.close());

  it("server errors for the next N calls, then normal answers; logged as fault-5xx", async () => {
    await t.control.clearLog();
    await t.control.setFaults(DEMO_ORG_SLUG, { serverErrors: { next: 2, status: 503 } });
    const a = await api.get("/limits");
    const b = await api.get("/limits");
    const c = await api.get("/limits");
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.body).toEqual([{ message: "Injected by the Salesforce sandbox", errorCode: "SERVER_UNAVAILABLE" }]);
    const log = await t.control.log({ org: DEMO_ORG_SLUG });
    expect(log.map((e) => e.outcome)).toEqual(["fault-5xx", "fault-5xx", "ok"]);
    expect(log.every((e) => e.hostKind === "instance" && e.tokenId?.startsWith("tok_"))).toBe(true);
    // The log never holds a token.
    expect(JSON.stringify(log)).not.toContain(api.accessToken);
  });

  it("a burst of REQUEST_LIMIT_EXCEEDED without using the allocation", async () => {
    await t.control.setFaults(DEMO_ORG_SLUG, { rateLimitBurst: { next: 1 } });
    const before = (await t.control.apiUsage(DEMO_ORG_SLUG)).used;
    const limited = await api.get("/limits");
    expect(limited.status).toBe(403);
    expect(limited.body[0].errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    expect((await t.control.apiUsage(DEMO_ORG_SLUG)).used).toBe(before);
    expect((await api.get("/limits")).status).toBe(200);
  });

  it("a dropped connection fails the fetch; latency delays answers; faults are per org", async () => {
    await t.control.setFaults(DEMO_ORG_SLUG, { drops: { next: 1 } });
    await expect(api.get("/limits")).rejects.toThrow();
    await t.control.setFaults(DEMO_ORG_SLUG, { latencyMs: 150 });
    const started = Date.now();
    expect((await api.get("/limits")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await t.control.clearFaults(DEMO_ORG_SLUG);
    await t.control.setFaults(DEMO_SANDBOX_ORG_SLUG, { serverErrors: { next: 5 } });
    expect((await api.get("/limits")).status).toBe(200);
  });

  it("a timeout never answers: the client has to give up", async () => {
    await t.control.setFaults(DEMO_ORG_SLUG, { timeouts: { next: 1 } });
    const res = fetch(`${api.instanceUrl}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${api.accessToken}` }, signal: AbortSignal.timeout(300) });
    await expect(res).rejects.toThrow();
    expect((await api.get("/limits")).status).toBe(200);
  });
});
