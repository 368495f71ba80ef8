import type { FaultInjector } from "../vitally/faults";
import type { SlidingWindowRateLimiter } from "../vitally/rate-limit";
import type { RequestLog } from "../vitally/request-log";
import type { SfRecord, SalesforceStore } from "./store";

/** Everything a running Salesforce sandbox holds, shared by the API handlers and the control API. */

export interface SalesforceSettings {
  /** The one switch for behaviour the reference marks as GUESS/OBS (strictness.ts). */
  strict: boolean;
  /** API requests per rolling 24 h per org (reference §3.8; Developer Edition 15,000). */
  dailyApiLimit: number;
  /** Access tokens stop working this long after issue (org session timeout; reference §2.4). */
  sessionTimeoutMs: number;
  /** Records per query page before `nextRecordsUrl` (Salesforce: up to 2,000). */
  queryBatchSize: number;
}

export type SalesforceLogOutcome = "ok" | "error" | "limit-exceeded" | "fault-5xx" | "fault-limit" | "fault-timeout" | "fault-drop";

export interface SalesforceLogEntry {
  seq: number;
  time: string;
  method: string;
  /** The path as received, query included. */
  path: string;
  /** `login` / `test` for the OAuth hosts, `instance` for API calls. */
  hostKind: "login" | "test" | "instance";
  orgId: string | null;
  /** `tok_…` hash of the access token used, never the token. */
  tokenId: string | null;
  status: number;
  durationMs: number;
  outcome: SalesforceLogOutcome;
}

export interface QueryLocator {
  orgId: string;
  records: Record<string, unknown>[];
  totalSize: number;
  expiresAt: number;
}

export interface SalesforceRuntime {
  store: SalesforceStore;
  /** Daily API usage per org: a rolling 24 h window. */
  usage: SlidingWindowRateLimiter;
  /** Per-org overrides of `settings.dailyApiLimit`. */
  dailyLimits: Map<string, number>;
  faults: FaultInjector;
  log: RequestLog<SalesforceLogEntry>;
  settings: SalesforceSettings;
  controlToken: string | null;
  locators: Map<string, QueryLocator>;
  now: () => number;
}

export function dailyLimitOf(runtime: SalesforceRuntime, orgId: string): number {
  return runtime.dailyLimits.get(orgId) ?? runtime.settings.dailyApiLimit;
}

export type { SfRecord };
