import { describe, expect, it } from "vitest";
import {
  bodySnippet,
  classify,
  ExternalApiError,
  networkErrorCodeOf,
  redactSecrets,
  retryAfterFromHeaders,
  type ClassifyInput,
  type Classification,
} from "./external-api-error";

const NOW = Date.parse("2026-11-20T14:00:00.000Z");

describe("classify", () => {
  const table: Array<[string, ClassifyInput, Classification]> = [
    ["our deadline fired", { timedOut: true, status: 200 }, { kind: "timeout", retryAfterMs: null }],
    ["DNS failure", { networkErrorCode: "ENOTFOUND" }, { kind: "network", retryAfterMs: null }],
    ["connection refused", { networkErrorCode: "ECONNREFUSED" }, { kind: "network", retryAfterMs: null }],
    ["connection reset", { networkErrorCode: "ECONNRESET" }, { kind: "network", retryAfterMs: null }],
    ["socket closed by the server", { networkErrorCode: "UND_ERR_SOCKET" }, { kind: "network", retryAfterMs: null }],
    ["connect timeout", { networkErrorCode: "UND_ERR_CONNECT_TIMEOUT" }, { kind: "timeout", retryAfterMs: null }],
    ["OS-level timeout", { networkErrorCode: "ETIMEDOUT" }, { kind: "timeout", retryAfterMs: null }],
    ["nothing known", {}, { kind: "network", retryAfterMs: null }],
    ["429 with Retry-After seconds", { status: 429, headers: { "Retry-After": "7" } }, { kind: "rate_limited", retryAfterMs: 7000 }],
    [
      "429 with Retry-After HTTP date",
      { status: 429, headers: { "retry-after": "Fri, 20 Nov 2026 14:00:30 GMT" } },
      { kind: "rate_limited", retryAfterMs: 30_000 },
    ],
    ["429 with RateLimit-Reset delta", { status: 429, headers: { "RateLimit-Reset": "59" } }, { kind: "rate_limited", retryAfterMs: 59_000 }],
    [
      "429 with RateLimit-Reset as epoch seconds",
      { status: 429, headers: { "RateLimit-Reset": String(NOW / 1000 + 12) } },
      { kind: "rate_limited", retryAfterMs: 12_000 },
    ],
    [
      "429 with X-RateLimit-Reset epoch",
      { status: 429, headers: { "X-RateLimit-Reset": String(NOW / 1000 + 3) } },
      { kind: "rate_limited", retryAfterMs: 3000 },
    ],
    [
      "Retry-After wins over RateLimit-Reset",
      { status: 429, headers: { "Retry-After": "2", "RateLimit-Reset": "40" } },
      { kind: "rate_limited", retryAfterMs: 2000 },
    ],
    [
      "RateLimit-Reset wins over X-RateLimit-Reset",
      { status: 429, headers: new Headers({ "RateLimit-Reset": "5", "X-RateLimit-Reset": "50" }) },
      { kind: "rate_limited", retryAfterMs: 5000 },
    ],
    ["429 with no hint", { status: 429 }, { kind: "rate_limited", retryAfterMs: null }],
    ["429 with garbage hints", { status: 429, headers: { "Retry-After": "soon", "RateLimit-Reset": "x" } }, { kind: "rate_limited", retryAfterMs: null }],
    ["500", { status: 500 }, { kind: "transient", retryAfterMs: null }],
    ["502", { status: 502 }, { kind: "transient", retryAfterMs: null }],
    ["503 with Retry-After", { status: 503, headers: { "Retry-After": "120" } }, { kind: "transient", retryAfterMs: 120_000 }],
    ["503 ignores RateLimit-Reset", { status: 503, headers: { "RateLimit-Reset": "59" } }, { kind: "transient", retryAfterMs: null }],
    ["504", { status: 504 }, { kind: "transient", retryAfterMs: null }],
    ["501 is permanent", { status: 501 }, { kind: "invalid_request", retryAfterMs: null }],
    ["408", { status: 408 }, { kind: "transient", retryAfterMs: null }],
    ["401", { status: 401 }, { kind: "auth", retryAfterMs: null }],
    ["403", { status: 403 }, { kind: "forbidden", retryAfterMs: null }],
    ["404", { status: 404 }, { kind: "not_found", retryAfterMs: null }],
    ["410", { status: 410 }, { kind: "not_found", retryAfterMs: null }],
    ["400", { status: 400 }, { kind: "invalid_request", retryAfterMs: null }],
    ["409", { status: 409 }, { kind: "invalid_request", retryAfterMs: null }],
    ["422", { status: 422 }, { kind: "invalid_request", retryAfterMs: null }],
    ["200 that could not be used", { status: 200 }, { kind: "invalid_response", retryAfterMs: null }],
    ["302 not followed", { status: 302 }, { kind: "invalid_response", retryAfterMs: null }],
  ];
  it.each(table)("%s", (_name, input, expected) => {
    expect(classify({ nowMs: NOW, ...input })).toEqual(expected);
  });
});

describe("retryAfterFromHeaders", () => {
  it("never returns a negative wait for a date in the past", () => {
    expect(retryAfterFromHeaders({ "Retry-After": "Fri, 20 Nov 2026 13:00:00 GMT" }, NOW)).toBe(0);
    expect(retryAfterFromHeaders({ "RateLimit-Reset": String(NOW / 1000 - 100) }, NOW)).toBe(0);
  });
  it("reads the first number of a list value", () => {
    expect(retryAfterFromHeaders({ "RateLimit-Reset": "4, 4;window=60" }, NOW)).toBe(4000);
  });
  it("returns null without headers", () => {
    expect(retryAfterFromHeaders(undefined, NOW)).toBeNull();
  });
});

describe("redaction and snippets", () => {
  it("removes known secrets and credential shapes", () => {
    const text = 'key sk_live_abc123 header Basic c2tfbGl2ZV9hYmMxMjM6 body {"apiKey":"xyz","ok":1} mine=s3cr3t-value';
    const out = redactSecrets(text, ["s3cr3t-value"]);
    expect(out).not.toContain("sk_live_abc123");
    expect(out).not.toContain("c2tfbGl2ZV9hYmMxMjM6");
    expect(out).not.toContain("xyz");
    expect(out).not.toContain("s3cr3t-value");
    expect(out).toContain("Basic [redacted]");
    expect(out).toContain('"apiKey":"[redacted]"');
    expect(out).toContain('"ok":1');
  });
  it("truncates long bodies and collapses whitespace", () => {
    const snippet = bodySnippet(`${"a".repeat(600)}\n\n  end`);
    expect(snippet).toMatch(/^a{500}… \[\d+ more chars\]$/);
    expect(bodySnippet("")).toBeNull();
    expect(bodySnippet('{"error":\n "Unauthorized"}')).toBe('{"error": "Unauthorized"}');
  });
});

describe("ExternalApiError", () => {
  it("carries its classification and serialises without a cause", () => {
    const err = new ExternalApiError({
      vendor: "vitally",
      operation: "accounts.list",
      kind: "rate_limited",
      status: 429,
      retryAfterMs: 1000,
      message: "Vitally answered 429",
      bodySnippet: "{}",
      cause: new Error("inner"),
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.retryable).toBe(true);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      vendor: "vitally",
      operation: "accounts.list",
      status: 429,
      kind: "rate_limited",
      retryAfterMs: 1000,
      message: "Vitally answered 429",
      bodySnippet: "{}",
      networkErrorCode: null,
    });
    expect(new ExternalApiError({ vendor: "v", operation: "o", kind: "auth", message: "m" }).retryable).toBe(false);
  });
});

describe("networkErrorCodeOf", () => {
  it("finds the code on nested causes", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" });
    expect(networkErrorCodeOf(new TypeError("fetch failed", { cause: dns }))).toBe("ENOTFOUND");
    const agg = Object.assign(new AggregateError([Object.assign(new Error("r"), { code: "ECONNREFUSED" })]), {});
    expect(networkErrorCodeOf(new TypeError("fetch failed", { cause: agg }))).toBe("ECONNREFUSED");
    expect(networkErrorCodeOf(new Error("plain"))).toBeUndefined();
  });
});
