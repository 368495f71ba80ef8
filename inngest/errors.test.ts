import { describe, expect, it } from "vitest";
import { NonRetriableError, RetryAfterError } from "inngest";
import { toInngestError } from "@/inngest/errors";
import { ExternalApiError, type ExternalApiErrorKind } from "@/lib/http/external-api-error";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";

const err = (kind: ExternalApiErrorKind, retryAfterMs: number | null = null) =>
  new ExternalApiError({ vendor: "vitally", operation: "instances.update", kind, message: `x ${kind}`, retryAfterMs });

describe("toInngestError", () => {
  it.each([
    ["rate_limited", RetryAfterError],
    ["auth", NonRetriableError],
    ["forbidden", NonRetriableError],
    ["invalid_request", NonRetriableError],
    ["invalid_response", NonRetriableError],
    ["not_found", NonRetriableError],
  ] as const)("%s → %s", (kind, type) => {
    expect(toInngestError(err(kind, 5_000))).toBeInstanceOf(type);
  });

  it.each(["transient", "network", "timeout"] as const)("%s is left to Inngest's backoff", (kind) => {
    const e = err(kind);
    expect(toInngestError(e)).toBe(e);
  });

  it("retries after the time asked, in seconds as Inngest wants", () => {
    expect((toInngestError(err("rate_limited", 7_000)) as RetryAfterError).retryAfter).toBe("7");
    expect((toInngestError(err("rate_limited", null)) as RetryAfterError).retryAfter).toBe("60");
    expect((toInngestError(new RequestBusyError(2_000)) as RetryAfterError).retryAfter).toBe("2");
  });

  it("leaves other errors alone", () => {
    const e = new Error("bug");
    expect(toInngestError(e)).toBe(e);
  });
});
