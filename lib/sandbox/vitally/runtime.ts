import type { FaultInjector } from "./faults";
import type { SlidingWindowRateLimiter } from "./rate-limit";
import type { RequestLog } from "./request-log";
import type { KeyEntry, SandboxStore } from "./store";

/** Everything a running sandbox holds, shared by the API handler and the control API. */
export interface SandboxSettings {
  /** The one strictness switch, see strictness.ts. */
  strict: boolean;
  defaultRateLimitPerMinute: number;
}

export interface SandboxRuntime {
  store: SandboxStore;
  limiter: SlidingWindowRateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  settings: SandboxSettings;
  controlToken: string | null;
}

export function rateLimitOf(runtime: SandboxRuntime, entry: KeyEntry): number {
  return entry.rateLimitPerMinute ?? runtime.settings.defaultRateLimitPerMinute;
}
