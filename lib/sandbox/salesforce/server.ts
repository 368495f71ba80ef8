import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultInjector } from "../vitally/faults";
import type { StateFileLoad } from "../vitally/persistence";
import { SlidingWindowRateLimiter } from "../vitally/rate-limit";
import { RequestLog } from "../vitally/request-log";
import { handleApi } from "./api-handler";
import { CONTROL_PREFIX, handleControl } from "./control";
import { salesforceStateFile } from "./persistence";
import type { SalesforceLogEntry, SalesforceRuntime, SalesforceSettings } from "./runtime";
import { seedDemo } from "./seed-demo";
import { SalesforceStore } from "./store";

/**
 * Ferry's Salesforce sandbox: a local emulator of the Salesforce login hosts (OAuth 2.0 web-server
 * flow) and of an org's REST API (`/services/data/vNN.0/...`, Tooling), plus a control API
 * (`/_sandbox/...`). Start it with `createSalesforceSandbox({ port: 0 })` or standalone with
 * `npx tsx scripts/sandbox-salesforce.ts`. See docs/sandbox-salesforce.md.
 */

export const DAILY_API_LIMIT = 15_000;
export const DAY_MS = 24 * 60 * 60_000;

export interface SalesforceSandboxOptions {
  /** Default 4020; 0 picks a free port. */
  port?: number;
  host?: string;
  /** API requests per rolling 24 h per org; default 15,000 (Developer Edition, reference §3.8). */
  dailyApiLimit?: number;
  /** Access-token lifetime; default 2 h (Salesforce's default session timeout). */
  sessionTimeoutMs?: number;
  /** Records per query page; default 2,000. */
  queryBatchSize?: number;
  strict?: boolean;
  /** `"demo"` adds the demo orgs and connected app (seed-demo.ts). */
  seed?: "demo";
  /** Redirect URIs of the demo connected app. */
  demoRedirectUris?: string[];
  now?: () => number;
  random?: () => number;
  controlToken?: string;
  logCapacity?: number;
  /**
   * Load the whole state from this JSON file at start and write it (debounced, atomically) after
   * changes and on close (persistence.ts). Settings given here win over the saved ones; the demo
   * seed only adds what the saved state lacks. A bad file is set aside and the sandbox starts fresh.
   */
  stateFile?: string;
  /** Debounce of state-file writes in ms; default 200. */
  persistDebounceMs?: number;
}

export interface SalesforceSandboxUrls {
  /** `http://127.0.0.1:PORT/login` — like https://login.salesforce.com (production orgs). */
  login: string;
  /** `http://127.0.0.1:PORT/test` — like https://test.salesforce.com (sandbox orgs). */
  test: string;
  /** `http://127.0.0.1:PORT/i/<slug>` — the org's instance_url (My Domain). */
  instance(orgSlug: string): string;
}

export interface SalesforceSandbox {
  url: string;
  port: number;
  store: SalesforceStore;
  runtime: SalesforceRuntime;
  urls: SalesforceSandboxUrls;
  /** What happened to `stateFile` at start; null without one. */
  stateFileLoad: (StateFileLoad & { file: string }) | null;
  /** Writes the state file now (no-op without `stateFile`). */
  flush(): void;
  close(): Promise<void>;
}

export async function createSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  const now = options.now ?? Date.now;
  const store = new SalesforceStore(now);
  const runtime: SalesforceRuntime = {
    store,
    usage: new SlidingWindowRateLimiter(now, DAY_MS),
    dailyLimits: new Map(),
    faults: new FaultInjector(options.random),
    log: new RequestLog<SalesforceLogEntry>(options.logCapacity, (entry) => entry.orgId),
    settings: {
      strict: options.strict ?? true,
      dailyApiLimit: options.dailyApiLimit ?? DAILY_API_LIMIT,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 2 * 60 * 60_000,
      queryBatchSize: options.queryBatchSize ?? 2000,
    },
    controlToken: options.controlToken ?? null,
    locators: new Map(),
    now,
  };
  const pinned: Partial<SalesforceSettings> = {};
  for (const key of ["strict", "dailyApiLimit", "sessionTimeoutMs", "queryBatchSize"] as const) {
    if (options[key] !== undefined) Object.assign(pinned, { [key]: options[key] });
  }
  const persistence = options.stateFile ? salesforceStateFile(options.stateFile, runtime, { pinned, debounceMs: options.persistDebounceMs }) : null;
  const stateFileLoad = persistence ? { file: persistence.file, ...persistence.load() } : null;
  if (stateFileLoad?.status === "set-aside") {
    console.warn(
      `[salesforce-sandbox] state file ${stateFileLoad.file} could not be loaded (${stateFileLoad.reason}); ` +
        `moved it to ${stateFileLoad.movedTo} and starting fresh`,
    );
  }
  if (options.seed === "demo") seedDemo(store, { redirectUris: options.demoRedirectUris });
  persistence?.schedule();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const control = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    if (persistence && !(control && req.method === "GET")) {
      // Any API call may change records, tokens or usage: save after it, debounced. Control
      // changes (reset, settings, seeding) are written at once.
      res.once("close", () => {
        persistence.schedule();
        if (control) persistence.flush();
      });
    }
    const handled = control ? handleControl(runtime, req, res, url) : handleApi(runtime, req, res, url);
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
    server.listen(options.port ?? 4020, host, () => {
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
    store,
    runtime,
    urls: { login: `${url}/login`, test: `${url}/test`, instance: (slug) => `${url}/i/${slug}` },
    stateFileLoad,
    flush: () => persistence?.flush(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      persistence?.close();
    },
  };
}
