/**
 * The log of API requests the sandbox received, for tests and the dashboard. It records the key
 * by its keyId, never the raw key, and never request headers or bodies.
 */

export type LogOutcome = "ok" | "error" | "rate-limited" | "fault-5xx" | "fault-429" | "fault-timeout" | "fault-drop";

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  /** The path as received, query included. */
  path: string;
  host: string;
  hostStyle: "subdomain" | "path" | "shared";
  subdomain: string | null;
  keyId: string | null;
  /** 0 when the connection was dropped or the client gave up before an answer. */
  status: number;
  durationMs: number;
  outcome: LogOutcome;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 5000) {}

  add(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    this.seq += 1;
    const full = { seq: this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity * 1.25) this.entries = this.entries.slice(-this.capacity);
    return full;
  }

  /** Newest last; optionally one key's entries and only the last `limit`. */
  list(options: { keyId?: string; limit?: number } = {}): RequestLogEntry[] {
    let out = this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
    if (options.keyId !== undefined) out = out.filter((e) => e.keyId === options.keyId);
    if (options.limit !== undefined) out = out.slice(-options.limit);
    return out.map((e) => ({ ...e }));
  }

  clear(keyId?: string): void {
    this.entries = keyId === undefined ? [] : this.entries.filter((e) => e.keyId !== keyId);
  }
}
