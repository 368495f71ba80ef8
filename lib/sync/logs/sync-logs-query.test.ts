import { describe, expect, it } from "vitest";
import {
  hasSyncLogFilters,
  interpretSearch,
  parseSyncLogsQuery,
  resolveTimeRange,
  syncLogsQueryToSearchParams,
  zonedDayStart,
  ZSyncLogsQuery,
} from "@/lib/sync/logs/sync-logs-query";

describe("ZSyncLogsQuery", () => {
  it("has defaults and no filters when empty", () => {
    const q = ZSyncLogsQuery.parse({});
    expect(q).toMatchObject({ outcome: [], tz: "UTC", limit: 50 });
    expect(hasSyncLogFilters(q)).toBe(false);
  });

  it("reads outcomes comma-separated or repeated, in any case, deduplicated", () => {
    expect(parseSyncLogsQuery(new URLSearchParams("outcome=failed,Skipped&outcome=FAILED")).data?.outcome).toEqual(["SKIPPED", "FAILED"]);
    expect(parseSyncLogsQuery({ outcome: ["synced", "failed"] }).data?.outcome).toEqual(["SYNCED", "FAILED"]);
  });

  it("reads destination and kind case-insensitively and ignores blanks", () => {
    const q = parseSyncLogsQuery(new URLSearchParams("destination=vitally&kind=Message&reason=&q=%20%20&requestNumber=135"));
    expect(q.success).toBe(true);
    expect(q.data).toMatchObject({ destination: "VITALLY", kind: "MESSAGE", reason: undefined, q: undefined, requestNumber: 135 });
  });

  it.each([
    ["outcome=maybe", "outcome"],
    ["destination=hubspot", "destination"],
    ["kind=note", "kind"],
    ["requestNumber=abc", "requestNumber"],
    ["requestId=135", "requestId"],
    ["from=2026-13-01", "from"],
    ["tz=Mars/Olympus", "tz"],
    ["tz=%2B05:30", "tz"],
    ["range=1y", "range"],
    ["limit=500", "limit"],
    ["reason=drop%20table", "reason"],
    ["from=2026-11-07&to=2026-11-01", "to"],
  ])("rejects %s with an error on %s", (search, field) => {
    const q = parseSyncLogsQuery(new URLSearchParams(search));
    expect(q.success).toBe(false);
    expect(q.error?.issues.map((i) => i.path[0])).toContain(field);
  });

  it("writes search params back without defaults, round-tripping", () => {
    const q = ZSyncLogsQuery.parse({ outcome: "failed,skipped", destination: "salesforce", from: "2026-11-01", q: "jane@" });
    const params = syncLogsQueryToSearchParams(q);
    expect(params.toString()).toBe("outcome=skipped%2Cfailed&destination=salesforce&from=2026-11-01&q=jane%40");
    expect(parseSyncLogsQuery(params).data).toEqual(q);
  });
});

describe("time range", () => {
  const now = new Date("2026-11-23T12:00:00.000Z");

  it("whole days run from the start of `from` to the end of `to` in the time zone", () => {
    const utc = ZSyncLogsQuery.parse({ from: "2026-11-01", to: "2026-11-02" });
    expect(resolveTimeRange(utc, now)).toEqual({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-03T00:00:00Z") });
    const paris = ZSyncLogsQuery.parse({ from: "2026-07-01", to: "2026-11-02", tz: "Europe/Paris" });
    expect(resolveTimeRange(paris, now)).toEqual({ from: new Date("2026-06-30T22:00:00Z"), to: new Date("2026-11-02T23:00:00Z") });
  });

  it("finds midnight across DST changes", () => {
    expect(zonedDayStart("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(zonedDayStart("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(zonedDayStart("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(zonedDayStart("2026-11-02", "America/New_York").toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(zonedDayStart("2026-01-15", "Asia/Kolkata").toISOString()).toBe("2026-01-14T18:30:00.000Z");
  });

  it("takes instants as given and lets a relative range win", () => {
    const q = ZSyncLogsQuery.parse({ from: "2026-11-01T09:30:00+02:00", to: "2026-11-01T10:00:00Z" });
    expect(resolveTimeRange(q, now)).toEqual({ from: new Date("2026-11-01T07:30:00Z"), to: new Date("2026-11-01T10:00:00Z") });
    const r = ZSyncLogsQuery.parse({ range: "24h", from: "2020-01-01" });
    expect(resolveTimeRange(r, now)).toEqual({ from: new Date("2026-11-22T12:00:00Z"), to: null });
  });
});

describe("interpretSearch", () => {
  it.each([
    ["135", { requestNumber: 135 }],
    ["#135", { requestNumber: 135 }],
    [" Jane@ACME.com ", { emailPrefix: "jane@acme.com" }],
    ["jan", { emailPrefix: "jan" }],
    ["99999999999", { requestNumber: 0 }],
    ["", null],
  ])("%j", (text, expected) => {
    expect(interpretSearch(text)).toEqual(expected);
  });
});
