export interface RecordedEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number | null;
  receivedAt: string;
}

export interface InngestStub {
  /** e.g. http://127.0.0.1:41234 — use as INNGEST_DEV. */
  url: string;
  port: number;
  /** Events received so far (empty when started with keepEvents: false). */
  events(): RecordedEvent[];
  /** How many events were received in total. */
  received(): number;
  close(): Promise<void>;
}

export declare function startInngestStub(options?: {
  port?: number;
  host?: string;
  /** Also write what was received to this JSON file (debounced). */
  recordFile?: string;
  /** Keep each event's body (default true); benchmarks turn it off and only count. */
  keepEvents?: boolean;
}): Promise<InngestStub>;
