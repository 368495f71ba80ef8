import { env } from "@/lib/env";

/**
 * Structured one-line JSON logs. Never pass secrets: fields named like credentials are redacted
 * as a last line of defence.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;
const SECRET_KEY = /(authorization|password|secret|token|api[_-]?key|cookie)/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : v;
  return out;
}

function write(level: Level, event: string, fields: Record<string, unknown> = {}) {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[env().LOG_LEVEL];
  } catch {
    /* invalid env is reported elsewhere; keep logging at info */
  }
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...redact(fields) });
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
