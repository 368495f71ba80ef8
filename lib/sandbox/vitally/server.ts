import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi } from "./api-handler";
import { CONTROL_PREFIX, handleControl } from "./control";
import { FaultInjector } from "./faults";
import { StatePersistence } from "./persistence";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, SlidingWindowRateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { createResourceRouter } from "./routes/all-routes";
import type { SandboxRuntime } from "./runtime";
import { seedDemo } from "./seed-demo";
import { SandboxStore, type SandboxKeyConfig } from "./store";

/**
 * Ferry's Vitally sandbox: a local emulator of the Vitally REST API (`/resources/...`) plus a
 * control API (`/_sandbox/...`). Start it in-process with `createVitallySandbox({ port: 0 })` or
 * standalone with `npx tsx scripts/sandbox.ts`. See docs/sandbox.md.
 */

export interface VitallySandboxOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** API keys and the workspace (subdomain) each belongs to. */
  keys?: SandboxKeyConfig[];
  /** Requests per sliding minute per key; default 1000 (reference §5). */
  rateLimitPerMinute?: number;
  /** The one switch for uncertain behaviour (strictness.ts); default true. */
  strict?: boolean;
  /** Load state from this JSON file at start and write it (debounced) after changes. */
  stateFile?: string;
  /** `"demo"` adds the demo key and seeds its workspace when empty (seed-demo.ts). */
  seed?: "demo";
  /** Injectable clock (ms since epoch) for timestamps and the rate-limit window. */
  now?: () => number;
  /** Injectable randomness for probabilistic faults. */
  random?: () => number;
  /** When set, control requests must send `X-Sandbox-Token: <token>`. */
  controlToken?: string;
  /** How many request-log entries are kept; default 5000. */
  logCapacity?: number;
  /** Debounce of state-file writes in ms; default 200. */
  persistDebounceMs?: number;
}

export interface SandboxBaseUrls {
  /** `http://127.0.0.1:PORT/s/<subdomain>` — path-prefix style, works without DNS. */
  pathStyle: string;
  /** `http://<subdomain>.localhost:PORT` — the US per-subdomain host style. */
  subdomainStyle: string;
  /** `http://127.0.0.1:PORT` — the EU shared-host style (no subdomain). */
  shared: string;
}

export interface VitallySandbox {
  /** `http://HOST:PORT`, the shared-host base URL. */
  url: string;
  port: number;
  host: string;
  store: SandboxStore;
  runtime: SandboxRuntime;
  baseUrls(subdomain: string): SandboxBaseUrls;
  /** Writes the state file now (no-op without `stateFile`). */
  flush(): void;
  close(): Promise<void>;
}

export async function createVitallySandbox(options: VitallySandboxOptions = {}): Promise<VitallySandbox> {
  const now = options.now ?? Date.now;
  let persistence: StatePersistence | null = null;
  const store = new SandboxStore(now, () => persistence?.schedule());
  const runtime: SandboxRuntime = {
    store,
    limiter: new SlidingWindowRateLimiter(now),
    faults: new FaultInjector(options.random),
    log: new RequestLog(options.logCapacity),
    settings: {
      strict: options.strict ?? true,
      defaultRateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    },
    controlToken: options.controlToken ?? null,
  };
  if (options.stateFile) {
    persistence = new StatePersistence(options.stateFile, store, options.persistDebounceMs);
    persistence.load();
  }
  for (const key of options.keys ?? []) {
    const existing = store.keys.get(key.key);
    if (!existing || existing.subdomain !== key.subdomain.toLowerCase()) store.addKey(key);
  }
  if (options.seed === "demo") seedDemo(store);

  const router = createResourceRouter();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const control = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    const handled = control ? handleControl(runtime, req, res, url) : handleApi(runtime, router, req, res, url);
    handled.catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 30_000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${port}`;

  return {
    url,
    port,
    host,
    store,
    runtime,
    baseUrls: (subdomain) => ({
      pathStyle: `${url}/s/${subdomain}`,
      subdomainStyle: `http://${subdomain}.localhost:${port}`,
      shared: url,
    }),
    flush: () => persistence?.flush(),
    close: async () => {
      persistence?.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
