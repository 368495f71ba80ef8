import net from "node:net";
import { performance } from "node:perf_hooks";

/**
 * An open-loop HTTP/1.1 load generator that costs the machine as little as it can, so that on a
 * 2-core box it takes CPU from the server under test as seldom as possible (what wrk does in C).
 *
 * Exactly `rate × durationS` requests fall due at random moments of the window (a Poisson process
 * given its count: gaps are exponential, the offered rate is exact rather than ±1% by chance), and
 * go out over `connections` keep-alive sockets, all opened before the clock starts and used in turn
 * (the longest-idle free socket takes the next request), so the load spreads over every connection,
 * as 200 clients' would; with several server processes behind one port (node:cluster deals out
 * connections, not requests) that is what spreads it over the processes. Each request's bytes are written in one
 * `write`; each response is framed by hand (status line, Content-Length or chunked body), without
 * node:http's per-request objects, events and header maps. A request that finds every socket busy
 * waits in a FIFO queue, and its latency runs from when it was due, so waiting for a free socket
 * counts too (no coordinated omission). A 4xx/5xx is a response like any other; a socket error or
 * a response slower than `timeoutMs` is counted separately and its socket replaced.
 */

export type OpenLoopRequest = { method: "POST" | "PUT" | "PATCH"; path: string; headers: Record<string, string>; body: string };

export type Response = { status: number; body: string };

export type OpenLoopResult = {
  /** Requests that fell due (rate × durationS). */
  offered: number;
  /** From the first due time to the last answer. */
  durationS: number;
  /** [due time in ms since the start, latency in ms] of every answered request, in completion order. */
  series: [number, number][];
  errors: number;
  timeouts: number;
};

export type OpenLoopOptions = {
  url: string;
  connections: number;
  durationS: number;
  rate: number;
  /** The n-th request (n counts up from 0). */
  request: (n: number) => OpenLoopRequest;
  onResponse: (res: Response, n: number) => void;
  timeoutMs?: number;
};

type Pending = { n: number; due: number; bytes: Buffer };

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** Serialises one request; Content-Length is always set, so the server never reads a chunked body. */
export function encodeRequest(host: string, req: OpenLoopRequest): Buffer {
  const body = Buffer.from(req.body);
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\ncontent-length: ${body.length}\r\n`;
  for (const [k, v] of Object.entries(req.headers)) head += `${k}: ${v}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`), body]);
}

/**
 * Incremental parser of HTTP/1.1 responses on one keep-alive socket. `push` returns each complete
 * response (status and body); it handles Content-Length, chunked bodies and bodiless statuses.
 */
export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Response[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Response[] = [];
    for (;;) {
      const res = this.next();
      if (!res) return out;
      out.push(res);
    }
  }

  private next(): Response | null {
    const end = this.buf.indexOf(HEADER_END);
    if (end < 0) return null;
    const head = this.buf.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    if (!Number.isInteger(status)) throw new Error(`not an HTTP response: ${JSON.stringify(head.slice(0, 40))}`);
    const lower = head.toLowerCase();
    const start = end + 4;
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      this.buf = this.buf.subarray(start);
      return { status, body: "" };
    }
    const cl = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    if (cl) {
      const length = Number(cl[1]);
      if (this.buf.length < start + length) return null;
      const body = this.buf.toString("utf8", start, start + length);
      this.buf = this.buf.subarray(start + length);
      return { status, body };
    }
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buf.indexOf(CRLF, at);
        if (lineEnd < 0) return null;
        const size = Number.parseInt(this.buf.toString("latin1", at, lineEnd), 16);
        if (!Number.isFinite(size)) throw new Error("bad chunk size");
        const dataStart = lineEnd + 2;
        if (size === 0) {
          // Last chunk: no trailers from the servers measured here, so one CRLF ends the message.
          if (this.buf.length < dataStart + 2) return null;
          this.buf = this.buf.subarray(dataStart + 2);
          return { status, body: Buffer.concat(parts).toString("utf8") };
        }
        if (this.buf.length < dataStart + size + 2) return null;
        parts.push(this.buf.subarray(dataStart, dataStart + size));
        at = dataStart + size + 2;
      }
    }
    throw new Error("response without Content-Length or chunked body (connection-delimited bodies are not supported)");
  }
}

class Connection {
  private readonly socket: net.Socket;
  private readonly parser = new ResponseParser();
  current: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  dead = false;
  readonly ready: Promise<void>;

  constructor(
    host: string,
    port: number,
    private readonly timeoutMs: number,
    /** `p` is null when an idle socket closed (e.g. the server's keep-alive timeout). */
    private readonly done: (conn: Connection, p: Pending | null, res: Response | "error" | "timeout") => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("connect", resolve);
      this.socket.once("error", reject);
    });
    this.socket.on("data", (chunk: Buffer) => {
      let responses: Response[];
      try {
        responses = this.parser.push(chunk);
      } catch {
        return this.fail("error");
      }
      for (const res of responses) {
        const p = this.current;
        if (!p) return this.fail("error");
        this.current = null;
        if (this.timer) clearTimeout(this.timer);
        this.done(this, p, res);
      }
    });
    this.socket.on("error", () => this.fail("error"));
    this.socket.on("close", () => this.fail("error"));
  }

  send(p: Pending) {
    this.current = p;
    this.timer = setTimeout(() => this.fail("timeout"), this.timeoutMs);
    this.socket.write(p.bytes);
  }

  private fail(kind: "error" | "timeout") {
    if (this.dead) return;
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket.destroy();
    const p = this.current;
    this.current = null;
    this.done(this, p, kind);
  }

  close() {
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket.destroy();
  }
}

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(opts.url);
  const host = target.hostname;
  const port = Number(target.port || 80);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const queue: Pending[] = [];
  const series: [number, number][] = [];
  let errors = 0;
  let timeouts = 0;
  let outstanding = 0;
  let settle: (() => void) | null = null;

  const dispatch = () => {
    while (queue.length) {
      let conn = idle.shift();
      if (!conn) {
        if (all.size >= opts.connections) return;
        conn = new Connection(host, port, timeoutMs, finished);
        all.add(conn);
      }
      conn.send(queue.shift()!);
    }
  };

  function finished(conn: Connection, p: Pending | null, res: Response | "error" | "timeout") {
    if (p) {
      outstanding--;
      if (res === "error") errors++;
      else if (res === "timeout") timeouts++;
      else {
        series.push([p.due - started, performance.now() - p.due]);
        opts.onResponse(res, p.n);
      }
    }
    if (conn.dead) {
      all.delete(conn);
      const i = idle.indexOf(conn);
      if (i >= 0) idle.splice(i, 1);
    } else idle.push(conn);
    dispatch();
    if (outstanding === 0 && settle) settle();
  }

  for (let i = 0; i < opts.connections; i++) {
    const conn = new Connection(host, port, timeoutMs, finished);
    all.add(conn);
    idle.push(conn);
  }
  await Promise.all([...all].map((c) => c.ready));
  const offered = Math.round(opts.rate * opts.durationS);
  const offsets = Float64Array.from({ length: offered }, () => Math.random() * opts.durationS * 1000).sort();
  const started = performance.now();
  for (let n = 0; n < offered; n++) {
    const due = started + offsets[n]!;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    outstanding++;
    // A wait under 1 ms is not slept (timers are ms-grained and may fire early): such a request
    // leaves a little before it is due, and its latency then runs from when it left.
    queue.push({ n, due: Math.min(due, performance.now()), bytes: encodeRequest(target.host, opts.request(n)) });
    dispatch();
  }
  if (outstanding > 0) await new Promise<void>((r) => (settle = r));
  const durationS = (performance.now() - started) / 1000;
  for (const c of all) c.close();
  return { offered, durationS, series, errors, timeouts };
}
