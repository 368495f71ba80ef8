import { beforeAll, describe, expect, it } from "vitest";
import type { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { recordSyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import { planSyncLogStats, syncLogStats, type SyncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { workspaceWithIntegrations } from "@/lib/sync/logs/sync-log-test-data";
import { SYNC_LOG_RANGES, ZSyncLogsQuery, type SyncLogFilters, type SyncLogsQueryInput } from "@/lib/sync/logs/sync-logs-query";

/**
 * The chart counts from SyncLogHourly where it can and from SyncLog otherwise: both must give the
 * same buckets. Rows are written through recordSyncAttempt (the production write path), at
 * random times with many on and next to hour boundaries.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-11-23T12:34:56.789Z");
const NOW_ON_THE_HOUR = new Date("2026-11-23T12:00:00.000Z");
const OUTCOMES: SyncOutcome[] = ["SYNCED", "SKIPPED", "FAILED"];
const KINDS: SyncKind[] = ["REQUEST", "CONVERSATION", "MESSAGE", "SCHEMA"];
const REASONS = ["rate_limited", "timeout", "domain_ambiguous"];
/** Zones whose offsets are whole hours all through the generated data (some change with DST in it). */
const WHOLE_HOUR_ZONES = ["UTC", "America/New_York", "Europe/Paris", "Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12"];

type Integrations = Awaited<ReturnType<typeof workspaceWithIntegrations>>;
type Row = { at: Date; provider: IntegrationProvider; kind: SyncKind; outcome: SyncOutcome; reasonCode: string | null; email: string };

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function record(ws: Integrations, rows: Row[]) {
  // Ten at a time: concurrent increments of the same hours are part of what is checked.
  for (let i = 0; i < rows.length; i += 10) {
    await Promise.all(
      rows.slice(i, i + 10).map((r) => {
        const integration = r.provider === "VITALLY" ? ws.vitally : ws.salesforce;
        return recordSyncAttempt(
          {
            workspaceId: ws.workspace.id,
            integrationId: integration.id,
            provider: r.provider,
            kind: r.kind,
            requestNumber: 1 + Math.floor(r.at.getTime() / HOUR) % 500,
            requestorEmail: r.email,
            trigger: "ferry/request.updated",
            outcome: r.outcome,
            reasonCode: r.reasonCode,
            durationMs: 10,
          },
          { now: () => r.at },
        );
      }),
    );
  }
}

function generateRows(rand: () => number, count: number): Row[] {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const hour = Math.floor(NOW.getTime() / HOUR) - Math.floor(rand() * 40 * 24);
    // On, just before and just after hour and half-hour boundaries, or anywhere in the hour.
    const within = pick([0, 1, 1_799_999, 1_800_000, 3_599_999, Math.floor(rand() * HOUR), Math.floor(rand() * HOUR)]);
    const outcome = rand() < 0.6 ? "SYNCED" : pick(["SKIPPED", "FAILED"] as const);
    rows.push({
      at: new Date(hour * HOUR + within),
      provider: rand() < 0.6 ? "VITALLY" : "SALESFORCE",
      kind: pick(KINDS),
      outcome,
      reasonCode: outcome === "SYNCED" ? null : pick(REASONS),
      email: `${pick(["jane", "janet", "bob"])}@acme.com`,
    });
  }
  // Next to the ends of the relative windows (now − 24h … now), whatever the draw.
  for (const t of [NOW.getTime() - DAY - 1, NOW.getTime() - DAY, NOW.getTime() - DAY + 1, NOW.getTime() - 1, NOW.getTime(), NOW.getTime() + 1000]) {
    rows.push({ at: new Date(t), provider: pick(["VITALLY", "SALESFORCE"] as const), kind: pick(KINDS), outcome: pick(OUTCOMES), reasonCode: null, email: "bob@acme.com" });
  }
  return rows;
}

const zero = { synced: 0, skipped: 0, failed: 0 };
const key = (o: SyncOutcome) => o.toLowerCase() as "synced" | "skipped" | "failed";

function matches(r: Row, f: SyncLogFilters, window: { from: Date; to: Date }) {
  return (
    r.at >= window.from &&
    r.at < window.to &&
    (f.outcome.length === 0 || f.outcome.includes(r.outcome)) &&
    (!f.destination || f.destination === r.provider) &&
    (!f.kind || f.kind === r.kind) &&
    (!f.reason || f.reason === r.reasonCode) &&
    (!f.q || r.email.startsWith(f.q.toLowerCase()))
  );
}

function expectedTotals(rows: Row[], f: SyncLogFilters, window: { from: Date; to: Date }) {
  const t = { ...zero };
  for (const r of rows) if (matches(r, f, window)) t[key(r.outcome)]++;
  return t;
}

/** The chart's buckets worked out by hand, for a zone with one fixed offset (no DST). */
function expectedBuckets(rows: Row[], f: SyncLogFilters, s: SyncLogStats, offsetMs: number) {
  const unit = s.bucket === "hour" ? HOUR : DAY;
  const from = Date.parse(s.from);
  const to = Date.parse(s.to);
  const first = Math.floor((from + offsetMs) / unit) * unit - offsetMs;
  const buckets: SyncLogStats["buckets"] = [];
  for (let start = first; start < to; start += unit) buckets.push({ start: new Date(start).toISOString(), ...zero });
  for (const r of rows) if (matches(r, f, { from: new Date(from), to: new Date(to) })) buckets[Math.floor((r.at.getTime() - first) / unit)][key(r.outcome)]++;
  return buckets;
}

let a: Integrations;
let rows: Row[];

beforeAll(async () => {
  a = await workspaceWithIntegrations();
  const b = await workspaceWithIntegrations();
  const rand = random(20261123);
  rows = generateRows(rand, 360);
  await record(a, rows);
  // Another workspace logging at the same kinds of times: never counted for `a`.
  await record(b, generateRows(rand, 60));
}, 120_000);

const parse = (input: SyncLogsQueryInput) => ZSyncLogsQuery.parse(input);
const both = async (filters: SyncLogFilters, now: Date) => {
  const input = { workspaceId: a.workspace.id, filters };
  const [plan, rollup, log] = await Promise.all([
    planSyncLogStats(input, { now: () => now }),
    syncLogStats(input, { now: () => now }),
    syncLogStats({ ...input, source: "log" }, { now: () => now }),
  ]);
  return { plan, rollup, log };
};

describe("syncLogStats: rollup and SyncLog agree", () => {
  it("on random filters, windows and whole-hour zones (hour and day buckets)", async () => {
    const rand = random(7);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    let counted = 0;
    const sizes = new Set<string>();
    for (let i = 0; i < 48; i++) {
      const windowKind = i % 6;
      const start = NOW.getTime() - 2 * HOUR - Math.floor(rand() * 35 * DAY);
      const window: SyncLogsQueryInput =
        windowKind === 0 ? { range: pick(SYNC_LOG_RANGES) }
        : windowKind === 1 ? { from: day(start), to: day(start + Math.floor(rand() * 10) * DAY) }
        : windowKind === 2 ? { from: new Date(start).toISOString(), to: new Date(start + 2 * HOUR + Math.floor(rand() * 4 * DAY)).toISOString() }
        : windowKind === 3 ? { from: new Date(Math.floor(start / HOUR) * HOUR).toISOString(), to: new Date(Math.floor(start / HOUR) * HOUR + Math.ceil(rand() * 80) * HOUR).toISOString() }
        : windowKind === 4 ? { from: day(start) }
        : {};
      const outcome = OUTCOMES.filter(() => rand() < 0.35);
      const filters = parse({
        ...window,
        tz: pick(WHOLE_HOUR_ZONES),
        outcome: outcome.join(","),
        destination: rand() < 0.3 ? pick(["vitally", "salesforce"]) : undefined,
        kind: rand() < 0.3 ? pick(KINDS).toLowerCase() : undefined,
      });
      const now = rand() < 0.75 ? NOW : NOW_ON_THE_HOUR;
      const { plan, rollup, log } = await both(filters, now);
      const label = JSON.stringify({ ...filters, now });
      expect(plan.source, label).toBe("rollup");
      expect(rollup, label).toEqual(log);
      expect(rollup.totals, label).toEqual(expectedTotals(rows, filters, plan));
      counted += rollup.totals.synced + rollup.totals.skipped + rollup.totals.failed;
      sizes.add(rollup.bucket);
    }
    // The draws did chart data, in both bucket sizes.
    expect(counted).toBeGreaterThan(1000);
    expect([...sizes].sort()).toEqual(["day", "hour"]);
  }, 120_000);

  it("counts the partial hours at the window's ends from SyncLog, to the millisecond", async () => {
    const ws = await workspaceWithIntegrations();
    const from = NOW.getTime() - DAY; // 2026-11-22T12:34:56.789Z
    const edge: Row[] = [
      [from - 1, "FAILED"], // same UTC hour as `from`, but before it
      [from, "SYNCED"],
      [from + 1_000, "SKIPPED"],
      [Math.ceil(from / HOUR) * HOUR - 1, "SYNCED"],
      [Math.ceil(from / HOUR) * HOUR, "FAILED"],
      [Math.floor(NOW.getTime() / HOUR) * HOUR - 1, "SKIPPED"],
      [Math.floor(NOW.getTime() / HOUR) * HOUR, "SYNCED"],
      [NOW.getTime() - 1, "FAILED"],
      [NOW.getTime(), "SYNCED"], // `to` is exclusive
      [NOW.getTime() + 60_000, "SKIPPED"], // same UTC hour as `to`, after it
    ].map(([t, outcome]) => ({ at: new Date(t), provider: "VITALLY", kind: "REQUEST", outcome: outcome as SyncOutcome, reasonCode: null, email: "x@acme.com" }));
    await record(ws, edge);
    const filters = parse({ range: "24h" });
    const plan = await planSyncLogStats({ workspaceId: ws.workspace.id, filters }, { now: () => NOW });
    expect(plan.source).toBe("rollup");
    const s = await syncLogStats({ workspaceId: ws.workspace.id, filters }, { now: () => NOW });
    expect(s.buckets).toHaveLength(25);
    expect(s.buckets[0]).toEqual({ start: "2026-11-22T12:00:00.000Z", synced: 2, skipped: 1, failed: 0 });
    expect(s.buckets[1]).toEqual({ start: "2026-11-22T13:00:00.000Z", ...zero, failed: 1 });
    expect(s.buckets[23]).toEqual({ start: "2026-11-23T11:00:00.000Z", ...zero, skipped: 1 });
    expect(s.buckets[24]).toEqual({ start: "2026-11-23T12:00:00.000Z", synced: 1, skipped: 0, failed: 1 });
    expect(s.totals).toEqual({ synced: 3, skipped: 2, failed: 2 });
    expect(s).toEqual(await syncLogStats({ workspaceId: ws.workspace.id, filters, source: "log" }, { now: () => NOW }));
  });

  it("never counts another workspace's rollup", async () => {
    const empty = await workspaceWithIntegrations();
    const busy = await workspaceWithIntegrations();
    const busyRows = generateRows(random(99), 40);
    await record(busy, busyRows);
    const filters = parse({ range: "90d" });
    const plan = await planSyncLogStats({ workspaceId: empty.workspace.id, filters }, { now: () => NOW });
    expect(plan.source).toBe("rollup");
    expect((await syncLogStats({ workspaceId: empty.workspace.id, filters }, { now: () => NOW })).totals).toEqual(zero);
    const other = await syncLogStats({ workspaceId: busy.workspace.id, filters }, { now: () => NOW });
    expect(other.totals).toEqual(expectedTotals(busyRows, filters, plan));
    expect(other.totals.synced + other.totals.skipped + other.totals.failed).toBeGreaterThan(40);
  });
});

describe("syncLogStats: what the rollup cannot answer falls back to SyncLog", () => {
  it("a zone with a 30- or 45-minute offset", async () => {
    for (const [tz, offset] of [
      ["Asia/Kolkata", 5.5 * HOUR],
      ["Asia/Kathmandu", 5.75 * HOUR],
    ] as const) {
      for (const window of [{ range: "24h" }, { range: "30d" }, { from: "2026-11-10", to: "2026-11-12" }, { destination: "vitally", range: "7d" }] as const) {
        const filters = parse({ ...window, tz });
        const { plan, rollup } = await both(filters, NOW);
        expect(plan.source, `${tz} ${JSON.stringify(window)}`).toBe("log");
        expect(rollup.buckets, `${tz} ${JSON.stringify(window)}`).toEqual(expectedBuckets(rows, filters, rollup, offset));
      }
    }
  });

  it("a zone whose offset is whole hours only part of the time uses the rollup only when every bucket starts on the hour", async () => {
    // Lord Howe Island: +10:30, and +11 from 4 October 2026.
    const november = parse({ range: "7d", tz: "Australia/Lord_Howe" });
    const acrossTheChange = parse({ range: "90d", tz: "Australia/Lord_Howe" });
    const n = await both(november, NOW);
    const x = await both(acrossTheChange, NOW);
    expect([n.plan.source, x.plan.source]).toEqual(["rollup", "log"]);
    expect(n.rollup).toEqual(n.log);
    expect(x.rollup.totals).toEqual(expectedTotals(rows, acrossTheChange, x.plan));
  });

  it("reason, request and search filters", async () => {
    for (const input of [
      { range: "30d", reason: "rate_limited" },
      { range: "3d", reason: "domain_ambiguous", outcome: "skipped", tz: "Asia/Tokyo" },
      { range: "30d", q: "JANET" },
      { range: "7d", q: "jane", destination: "salesforce" },
    ]) {
      const filters = parse(input);
      const { plan, rollup } = await both(filters, NOW);
      expect(plan.source, JSON.stringify(input)).toBe("log");
      expect(rollup.buckets, JSON.stringify(input)).toEqual(expectedBuckets(rows, filters, rollup, input.tz === "Asia/Tokyo" ? 9 * HOUR : 0));
      expect(rollup.totals.synced + rollup.totals.skipped + rollup.totals.failed, JSON.stringify(input)).toBeGreaterThan(0);
    }
    const byNumber = await planSyncLogStats({ workspaceId: a.workspace.id, filters: parse({ range: "30d", requestNumber: "7" }) }, { now: () => NOW });
    expect(byNumber.source).toBe("log");
  });

  it("a window with no whole UTC hour in it", async () => {
    const filters = parse({ from: "2026-11-20T10:05:00Z", to: "2026-11-20T10:55:00Z" });
    const { plan, rollup } = await both(filters, NOW);
    expect(plan.source).toBe("log");
    expect(rollup.totals).toEqual(expectedTotals(rows, filters, plan));
  });
});
