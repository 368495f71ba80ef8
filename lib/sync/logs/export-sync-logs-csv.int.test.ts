import { beforeAll, describe, expect, it } from "vitest";
import { CSV_HEADER, exportSyncLogsCsv, syncLogsCsvFilename } from "@/lib/sync/logs/export-sync-logs-csv";
import { insertLogs, workspaceWithIntegrations } from "@/lib/sync/logs/sync-log-test-data";
import { ZSyncLogsQuery, type SyncLogsQueryInput } from "@/lib/sync/logs/sync-logs-query";

const now = () => new Date("2026-11-23T12:00:00.000Z");
let ws: string;

/** A strict RFC 4180 reader, to check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"' && cell === "") {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else if (c === "\n" || c === "\r" || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      cell += c;
    }
  }
  if (cell !== "" || row.length) throw new Error("last row not terminated by CRLF");
  return rows;
}

async function exportText(input: SyncLogsQueryInput, opts: { maxRows?: number; batchRows?: number; describeReason?: (c: string) => string } = {}) {
  const chunks: string[] = [];
  for await (const chunk of exportSyncLogsCsv(
    { workspaceId: ws, filters: ZSyncLogsQuery.parse(input), maxRows: opts.maxRows },
    { now, batchRows: opts.batchRows, describeReason: opts.describeReason },
  )) {
    chunks.push(chunk);
  }
  return { chunks, text: chunks.join("") };
}

beforeAll(async () => {
  const a = await workspaceWithIntegrations();
  const b = await workspaceWithIntegrations();
  ws = a.workspace.id;
  await insertLogs(a.vitally, [
    {
      createdAt: new Date("2026-11-22T10:00:00.000Z"),
      outcome: "SKIPPED",
      reasonCode: "domain_ambiguous",
      requestNumber: 135,
      requestorEmail: "jane@acme.com",
      message: 'Two accounts share "acme.com", pick one:\nAcme US, Acme EU',
      calls: [{ method: "GET", path: "/resources/users", status: 200, durationMs: 40 }, { method: "GET", path: "/resources/accounts", status: 200, durationMs: 30 }],
      durationMs: 95,
    },
    { createdAt: new Date("2026-11-22T09:00:00.000Z"), outcome: "FAILED", reasonCode: "rate_limited", message: "=HYPERLINK(\"http://evil.example\",\"x\")", trigger: "-retry" },
    { createdAt: new Date("2026-11-22T08:00:00.000Z"), outcome: "SYNCED", requestNumber: 136, remoteId: "+inst_1", message: "@SUM(A1)" },
  ]);
  await insertLogs(a.salesforce, [{ createdAt: new Date("2026-11-22T07:00:00.000Z"), outcome: "SYNCED", kind: "MESSAGE", requestNumber: 137 }]);
  // Eight rows on one timestamp, for paging across batches with ties.
  await insertLogs(a.vitally, Array.from({ length: 8 }, (_, i) => ({ createdAt: new Date("2026-11-01T00:00:00.000Z"), outcome: "SYNCED" as const, requestNumber: 200 + i })));
  await insertLogs(b.vitally, [{ createdAt: new Date("2026-11-22T11:00:00.000Z"), outcome: "FAILED", requestNumber: 999, message: "other workspace" }]);
});

describe("exportSyncLogsCsv", () => {
  it("writes a UTF-8 BOM, the header and one RFC 4180 row per log, newest first", async () => {
    const { text } = await exportText({ from: "2026-11-22" }, { describeReason: (code) => `Plain words for ${code}` });
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      ["2026-11-22T10:00:00.000Z", "Vitally", "Request", "135", "jane@acme.com", "ferry/request.updated", "Skipped", "domain_ambiguous",
        "Plain words for domain_ambiguous", 'Two accounts share "acme.com", pick one:\nAcme US, Acme EU', "", "95", "2"],
      ["2026-11-22T09:00:00.000Z", "Vitally", "Request", "", "", "'-retry", "Failed", "rate_limited", "Plain words for rate_limited",
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "", "120", "0"],
      ["2026-11-22T08:00:00.000Z", "Vitally", "Request", "136", "", "ferry/request.updated", "Synced", "", "", "'@SUM(A1)", "'+inst_1", "120", "0"],
      ["2026-11-22T07:00:00.000Z", "Salesforce", "Message", "137", "", "ferry/request.updated", "Synced", "", "", "", "", "120", "0"],
    ]);
  });

  it("falls back to the raw reason code, and applies the filters", async () => {
    const rows = parseCsv((await exportText({ outcome: "failed" })).text.slice(1));
    expect(rows.slice(1).map((r) => [r[7], r[8], r[3]])).toEqual([["rate_limited", "rate_limited", ""]]);
    const salesforce = parseCsv((await exportText({ destination: "salesforce" })).text.slice(1));
    expect(salesforce.slice(1).map((r) => r[3])).toEqual(["137"]);
  });

  it("pages through ties without losing or repeating a row", async () => {
    const { chunks, text } = await exportText({ to: "2026-11-01" }, { batchRows: 3 });
    const numbers = parseCsv(text.slice(1)).slice(1).map((r) => Number(r[3]));
    expect(numbers.sort()).toEqual([200, 201, 202, 203, 204, 205, 206, 207]);
    expect(chunks.length).toBe(1 + 3);
  });

  it("stops at the cap and says so in a last row; exactly the cap needs no note", async () => {
    const capped = parseCsv((await exportText({}, { maxRows: 5, batchRows: 2 })).text.slice(1));
    expect(capped).toHaveLength(1 + 5 + 1);
    expect(capped[6][0]).toMatch(/^Export stopped after 5 rows; more rows match\. Narrow the filters/);
    const exact = parseCsv((await exportText({}, { maxRows: 12, batchRows: 5 })).text.slice(1));
    expect(exact).toHaveLength(1 + 12);
    expect(exact.slice(1).every((r) => r[3] !== "999")).toBe(true);
  });

  it("names the file after the time", () => {
    expect(syncLogsCsvFilename(new Date("2026-11-23T09:05:00Z"))).toBe("ferry-sync-logs-20261123-0905.csv");
  });
});
