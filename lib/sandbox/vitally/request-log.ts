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

/**
 * Generic over the entry shape so other sandboxes (Salesforce) can log their own fields; `scopeOf`
 * names the tenant an entry belongs to (Vitally: the keyId) for `list({ keyId })` and `clear(keyId)`.
 */
export class RequestLog<E extends { seq: number } = RequestLogEntry> {
  private entries: E[] = [];
  private seq = 0;

  constructor(
    private readonly capacity = 5000,
    private readonly scopeOf: (entry: E) => string | null = (entry) => (entry as unknown as RequestLogEntry).keyId,
  ) {}

  add(entry: Omit<E, "seq">): E {
    this.seq += 1;
    const full = { seq: this.seq, ...entry } as E;
    this.entries.push(full);
    if (this.entries.length > this.capacity * 1.25) this.entries = this.entries.slice(-this.capacity);
    return full;
  }

  /** Newest last; optionally one key's entries and only the last `limit`. */
  list(options: { keyId?: string; limit?: number } = {}): E[] {
    let out = this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
    if (options.keyId !== undefined) out = out.filter((e) => this.scopeOf(e) === options.keyId);
    if (options.limit !== undefined) out = out.slice(-options.limit);
    return out.map((e) => ({ ...e }));
  }

  clear(keyId?: string): void {
    this.entries = keyId === undefined ? [] : this.entries.filter((e) => this.scopeOf(e) !== keyId);
  }
}
