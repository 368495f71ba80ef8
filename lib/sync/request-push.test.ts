import { describe, expect, it } from "vitest";
import { pushGate } from "./request-push";
import { describeReason, SYNC_REASONS } from "./reason-codes";
import { overDailyBudget } from "./salesforce/push-request-to-salesforce";

const connectedAt = new Date("2026-11-01T00:00:00Z");
const now = new Date("2026-11-20T12:00:00Z");
const base = {
  integration: { status: "CONNECTED" as const, connectedAt, pausedUntil: null },
  request: { receivedAt: new Date("2026-11-10T00:00:00Z") },
  existingRemoteId: null,
  switches: { pushNew: true, updateExisting: true },
  now,
};

describe("pushGate", () => {
  it("lets a push through when connected, not paused, after connect, switches on", () => {
    expect(pushGate(base)).toBeNull();
  });

  it("stops in order: disconnected, needs attention (held), paused (held), older than the connection, switches", () => {
    expect(pushGate({ ...base, integration: { ...base.integration, status: "DISCONNECTED" } })).toEqual({ reason: "integration_disconnected", state: "SKIPPED" });
    expect(pushGate({ ...base, integration: { ...base.integration, status: "NEEDS_ATTENTION", pausedUntil: new Date(now.getTime() + 1) } })).toEqual({
      reason: "integration_needs_attention",
      state: "HELD",
    });
    expect(pushGate({ ...base, integration: { ...base.integration, pausedUntil: new Date(now.getTime() + 1) } })).toEqual({ reason: "daily_limit_paused", state: "HELD" });
    expect(pushGate({ ...base, integration: { ...base.integration, pausedUntil: now } })).toBeNull();
    expect(pushGate({ ...base, request: { receivedAt: new Date("2026-10-31T23:59:59Z") } })).toEqual({ reason: "created_before_integration", state: "SKIPPED" });
    expect(pushGate({ ...base, switches: { pushNew: false, updateExisting: true } })).toEqual({ reason: "push_new_disabled", state: "SKIPPED" });
    expect(pushGate({ ...base, existingRemoteId: "a0X", switches: { pushNew: false, updateExisting: true } })).toBeNull();
    expect(pushGate({ ...base, existingRemoteId: "a0X", switches: { pushNew: true, updateExisting: false } })).toEqual({ reason: "update_existing_disabled", state: "SKIPPED" });
  });
});

describe("overDailyBudget", () => {
  it("is reached at (1 - reserve) of the org's allocation", () => {
    expect(overDailyBudget(null, 0.1)).toBe(false);
    expect(overDailyBudget({ used: 899, max: 1000 }, 0.1)).toBe(false);
    expect(overDailyBudget({ used: 900, max: 1000 }, 0.1)).toBe(true);
    expect(overDailyBudget({ used: 1000, max: 1000 }, 0)).toBe(true);
    expect(overDailyBudget({ used: 5, max: 0 }, 0.1)).toBe(false);
  });
});

describe("reason codes", () => {
  it("every sync reason has words; Salesforce ones fill their placeholders", () => {
    for (const code of SYNC_REASONS) {
      const text = describeReason(code, { destination: "Salesforce", email: "a@b.example", domain: "b.example", company: "Acme", candidates: [{ id: "001", name: "One" }] });
      expect(text.title, code).not.toBe(code);
      expect(`${text.title} ${text.explanation} ${text.fix}`, code).not.toMatch(/\{\w+\}/);
    }
    expect(describeReason("several_accounts_named", { company: "Umbrella", candidates: [{ id: "1", name: "Umbrella" }, { id: "2", name: null }] }).explanation).toContain(
      '"Umbrella" (Umbrella, 2)',
    );
  });
});
