import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { basicAuthHeader, vitallyConnectionInput } from "./connection";
import { validateVitallyConnection } from "./validate-connection";

/** "Continue" in the connect dialog, end to end: pasted values → normalised → one call to the sandbox. */

const KEY = "sk_live_ferry_validate_contract";
const SUBDOMAIN = "validate-contract";

let sandbox: VitallySandbox;
let control: SandboxControlClient;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo", keys: [{ key: KEY, subdomain: SUBDOMAIN }] });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
});
afterAll(() => sandbox.close());
beforeEach(() => control.clearFaults(KEY));

function pasted(apiUrl: string, auth: string) {
  return vitallyConnectionInput({ sandboxUrl: sandbox.url }).parse({ apiUrl, auth });
}

describe("validateVitallyConnection against the sandbox", () => {
  it("accepts the demo key pasted as a Basic header, on the path-style and shared hosts", async () => {
    const viaPath = await validateVitallyConnection(pasted(`${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle}/`, basicAuthHeader(DEMO_KEY)));
    expect(viaPath).toMatchObject({ outcome: "ok", ok: true, rateLimit: { limit: 1000 } });
    const shared = await validateVitallyConnection(pasted(sandbox.url, DEMO_KEY));
    expect(shared.outcome).toBe("ok");
  });

  it("key_rejected for a wrong key", async () => {
    const check = await validateVitallyConnection(pasted(sandbox.baseUrls(SUBDOMAIN).pathStyle, "sk_live_wrong_key_123"));
    expect(check).toMatchObject({ outcome: "key_rejected", field: "auth", status: 401 });
    expect(check.action).toMatch(/Settings → Integrations → Vitally REST API/);
  });

  it("subdomain_not_found for a workspace the sandbox does not have", async () => {
    const check = await validateVitallyConnection(pasted(sandbox.baseUrls("nobody-here").pathStyle, KEY));
    expect(check).toMatchObject({ outcome: "subdomain_not_found", field: "apiUrl", status: 404 });
  });

  it("rate_limited with the wait Vitally asked for", async () => {
    await control.setFaults(KEY, { rateLimitBurst: { next: 1, retryAfterSeconds: 5 } });
    const check = await validateVitallyConnection(pasted(sandbox.baseUrls(SUBDOMAIN).pathStyle, KEY));
    expect(check).toMatchObject({ outcome: "rate_limited", retryAfterMs: 5000 });
    expect(check.action).toMatch(/^Wait 5 seconds/);
  });

  it("vitally_unavailable on a 5xx", async () => {
    await control.setFaults(KEY, { serverErrors: { next: 1, status: 503 } });
    const check = await validateVitallyConnection(pasted(sandbox.baseUrls(SUBDOMAIN).pathStyle, KEY));
    expect(check).toMatchObject({ outcome: "vitally_unavailable", status: 503 });
  });

  it("network_error when the server hangs or drops the connection", async () => {
    await control.setFaults(KEY, { timeouts: { next: 1 } });
    const hung = await validateVitallyConnection(pasted(sandbox.baseUrls(SUBDOMAIN).pathStyle, KEY), { timeoutMs: 300 });
    expect(hung.outcome).toBe("network_error");
    await control.setFaults(KEY, { drops: { next: 1 } });
    const dropped = await validateVitallyConnection(pasted(sandbox.baseUrls(SUBDOMAIN).pathStyle, KEY));
    expect(dropped.outcome).toBe("network_error");
    expect(dropped.message).toMatch(/dropped|closed the connection/);
  });
});
