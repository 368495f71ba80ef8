import { NonRetriableError, RetryAfterError } from "inngest";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";

/**
 * How a failure inside a step becomes Inngest's retry decision (durable retries are Inngest's
 * job): rate limited → retry after the time the destination (or Ferry's own budget) asks; a busy
 * request → retry in a moment; transient → Inngest's backoff; rejected credentials or data →
 * no retry (the integration or the log already shows what to fix).
 */
export function toInngestError(err: unknown): unknown {
  if (err instanceof RequestBusyError) return new RetryAfterError(err.message, err.retryAfterMs, { cause: err });
  if (!isExternalApiError(err)) return err;
  switch (err.kind) {
    case "rate_limited":
      return new RetryAfterError(err.message, Math.max(1_000, err.retryAfterMs ?? 60_000), { cause: err });
    case "transient":
    case "network":
    case "timeout":
      return err;
    default:
      return new NonRetriableError(`${err.message} (${err.kind}; not retried)`, { cause: err });
  }
}

/** Runs a step body and maps its failure. */
export async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toInngestError(err);
  }
}
