#!/usr/bin/env node
// Prints the one closing line CI reads — `tests: N passed, N failed` — from the JSON reports of
// Vitest (reports/vitest.json) and Playwright (reports/e2e.json), and exits 1 if anything failed.
// A missing or unreadable report counts as one failure: a runner that crashed before writing its
// report must not look like a pass.
//
// Usage: node scripts/ci-summary.mjs [--vitest reports/vitest.json] [--e2e reports/e2e.json]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** @param {string} file @returns {{ ok: true, data: any } | { ok: false, reason: string }} */
function readReport(file) {
  try {
    return { ok: true, data: JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    return { ok: false, reason: e?.code === "ENOENT" ? "missing" : `unreadable (${e?.message ?? e})` };
  }
}

/** Vitest's JSON reporter (Jest-compatible): numPassedTests / numFailedTests, plus suites that failed to load. */
export function countVitest(report) {
  const passed = Number(report?.numPassedTests ?? 0);
  let failed = Number(report?.numFailedTests ?? 0);
  // A test file that fails to import has no failed *tests* but a failed suite; count it once.
  const brokenSuites = (report?.testResults ?? []).filter(
    (r) => r?.status === "failed" && (r.assertionResults ?? []).every((a) => a.status !== "failed"),
  ).length;
  failed += brokenSuites;
  if (passed + failed === 0) failed = 1; // a run that executed nothing is not a pass
  return { passed, failed };
}

/** Playwright's JSON reporter: stats.expected (+ flaky, passed on retry) / stats.unexpected, plus run-level errors. */
export function countPlaywright(report) {
  const s = report?.stats ?? {};
  const passed = Number(s.expected ?? 0) + Number(s.flaky ?? 0);
  let failed = Number(s.unexpected ?? 0);
  // Global setup or webServer failures end the run with errors and no tests at all.
  if (failed === 0 && Array.isArray(report?.errors) && report.errors.length > 0) failed = 1;
  if (passed + failed === 0) failed = 1;
  return { passed, failed };
}

export function summarize({ vitestFile = "reports/vitest.json", e2eFile = "reports/e2e.json" } = {}) {
  const notes = [];
  let passed = 0;
  let failed = 0;
  for (const [label, file, count] of [
    ["vitest", vitestFile, countVitest],
    ["playwright", e2eFile, countPlaywright],
  ]) {
    const r = readReport(file);
    if (!r.ok) {
      notes.push(`${label}: report ${file} ${r.reason} (counted as 1 failed)`);
      failed += 1;
      continue;
    }
    const c = count(r.data);
    notes.push(`${label}: ${c.passed} passed / ${c.failed} failed`);
    passed += c.passed;
    failed += c.failed;
  }
  return { passed, failed, notes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const { passed, failed, notes } = summarize({ vitestFile: arg("vitest"), e2eFile: arg("e2e") });
  for (const n of notes) console.log(`  ${n}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
