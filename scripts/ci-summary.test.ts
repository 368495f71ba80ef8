import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { countPlaywright, countVitest, summarize } from "./ci-summary.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "ci-summary-"));
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};

describe("countVitest", () => {
  test("reads passed and failed tests", () => {
    expect(countVitest({ numPassedTests: 7, numFailedTests: 2, testResults: [] })).toEqual({ passed: 7, failed: 2 });
  });
  test("a file that failed to load (no failed assertion) counts as one failure", () => {
    const report = {
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [
        { status: "passed", assertionResults: [{ status: "passed" }] },
        { status: "failed", assertionResults: [] },
      ],
    };
    expect(countVitest(report)).toEqual({ passed: 3, failed: 1 });
  });
  test("a run that executed nothing is a failure", () => {
    expect(countVitest({ numPassedTests: 0, numFailedTests: 0, testResults: [] })).toEqual({ passed: 0, failed: 1 });
  });
});

describe("countPlaywright", () => {
  test("flaky tests passed on retry; unexpected ones failed", () => {
    expect(countPlaywright({ stats: { expected: 4, flaky: 1, unexpected: 2, skipped: 1 }, errors: [] })).toEqual({ passed: 5, failed: 2 });
  });
  test("a global setup or web server error with no tests run is a failure", () => {
    expect(countPlaywright({ stats: { expected: 0, unexpected: 0, flaky: 0 }, errors: [{ message: "webServer exited" }] })).toEqual({
      passed: 0,
      failed: 1,
    });
  });
});

describe("summarize and the CLI", () => {
  test("adds both reports", () => {
    const vitestFile = write("v.json", { numPassedTests: 10, numFailedTests: 0, testResults: [] });
    const e2eFile = write("e.json", { stats: { expected: 3, flaky: 0, unexpected: 1 }, errors: [] });
    expect(summarize({ vitestFile, e2eFile })).toMatchObject({ passed: 13, failed: 1 });
  });
  test("a missing or unreadable report counts as one failure", () => {
    const vitestFile = write("v2.json", "{not json");
    expect(summarize({ vitestFile, e2eFile: path.join(dir, "missing.json") })).toMatchObject({ passed: 0, failed: 2 });
  });
  test("prints exactly one closing line and exits non-zero on failure", () => {
    const vitestFile = write("v3.json", { numPassedTests: 5, numFailedTests: 0, testResults: [] });
    const e2eFile = write("e3.json", { stats: { expected: 2, flaky: 0, unexpected: 0 }, errors: [] });
    const out = execFileSync(process.execPath, ["scripts/ci-summary.mjs", "--vitest", vitestFile, "--e2e", e2eFile], { encoding: "utf8" });
    expect(out.split("\n").filter((l) => /\d+ passed, \d+ failed/.test(l))).toEqual(["tests: 7 passed, 0 failed"]);

    const failing = write("e4.json", { stats: { expected: 1, flaky: 0, unexpected: 1 }, errors: [] });
    let status = 0;
    try {
      execFileSync(process.execPath, ["scripts/ci-summary.mjs", "--vitest", vitestFile, "--e2e", failing], { encoding: "utf8" });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(1);
  });
});
