import { randomBytes } from "node:crypto";
import { SalesforceControlClient } from "./control-client";
import { pkceChallenge } from "./oauth";
import { DEMO_ADMIN_USERNAME, DEMO_APP, DEMO_SANDBOX_ADMIN_USERNAME } from "./seed-demo";
import { createSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from "./server";

/** Test support for the Salesforce sandbox contract tests: a seeded sandbox on a random port, the OAuth dance, and a REST client. */

export const REDIRECT_URI = "http://ferry.test/api/integrations/salesforce/callback";
export const VERSION = "62.0";

// Response bodies are whatever the API answered; tests assert on them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface HttpResponse {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResponse> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: Json = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export function form(values: Record<string, string | undefined>): RequestInit {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) params.set(k, v);
  return { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: params.toString() };
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  id: string;
  token_type: string;
  issued_at: string;
  signature: string;
  scope: string;
}

export class RestClient {
  constructor(
    public instanceUrl: string,
    public accessToken: string,
    readonly version = VERSION,
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const all: Record<string, string> = { Authorization: `Bearer ${this.accessToken}`, ...headers };
    if (body !== undefined) all["Content-Type"] = "application/json";
    const url = path.startsWith("/services/") ? `${this.instanceUrl}${path}` : `${this.instanceUrl}/services/data/v${this.version}${path}`;
    return http(url, { method, headers: all, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  }
  get(path: string) {
    return this.request("GET", path);
  }
  post(path: string, body: unknown) {
    return this.request("POST", path, body);
  }
  patch(path: string, body: unknown) {
    return this.request("PATCH", path, body);
  }
  query(soql: string) {
    return this.get(`/query?q=${encodeURIComponent(soql)}`);
  }
}

export interface TestSandbox {
  sandbox: SalesforceSandbox;
  control: SalesforceControlClient;
  /** Runs authorize (Approve) + code exchange; returns the token response. */
  connect(options?: ConnectOptions): Promise<TokenResponse>;
  /** A REST client for a fresh admin session on the production demo org. */
  adminClient(options?: ConnectOptions): Promise<RestClient>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  loginHost?: "login" | "test";
  username?: string;
  scope?: string;
  codeVerifier?: string;
  clientId?: string;
  clientSecret?: string;
}

/** Approves the authorize page as `username` and returns the callback's query parameters. */
export async function approve(base: string, params: Record<string, string | undefined>, username: string): Promise<URLSearchParams> {
  const res = await http(`${base}/services/oauth2/authorize`, form({ ...params, username, decision: "approve" }));
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${res.text.slice(0, 200)}`);
  return new URL(res.headers.get("location") ?? "").searchParams;
}

export async function startSandbox(options: SalesforceSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await createSalesforceSandbox({ port: 0, seed: "demo", demoRedirectUris: [REDIRECT_URI], ...options });
  const connect = async (o: ConnectOptions = {}): Promise<TokenResponse> => {
    const loginHost = o.loginHost ?? "login";
    const base = loginHost === "login" ? sandbox.urls.login : sandbox.urls.test;
    const clientId = o.clientId ?? DEMO_APP.clientId;
    const username = o.username ?? (loginHost === "login" ? DEMO_ADMIN_USERNAME : DEMO_SANDBOX_ADMIN_USERNAME);
    const callback = await approve(
      base,
      {
        response_type: "code",
        client_id: clientId,
        redirect_uri: REDIRECT_URI,
        scope: o.scope ?? "api refresh_token",
        state: "s1",
        code_challenge: o.codeVerifier ? pkceChallenge(o.codeVerifier) : undefined,
      },
      username,
    );
    const res = await http(
      `${base}/services/oauth2/token`,
      form({
        grant_type: "authorization_code",
        code: callback.get("code") ?? "",
        client_id: clientId,
        client_secret: o.clientSecret ?? DEMO_APP.clientSecret,
        redirect_uri: REDIRECT_URI,
        code_verifier: o.codeVerifier,
      }),
    );
    if (res.status !== 200) throw new Error(`token answered ${res.status}: ${res.text}`);
    return res.body as TokenResponse;
  };
  return {
    sandbox,
    control: new SalesforceControlClient({ baseUrl: sandbox.url }),
    connect,
    adminClient: async (o) => {
      const token = await connect(o);
      return new RestClient(token.instance_url, token.access_token);
    },
    close: () => sandbox.close(),
  };
}

export function verifier(): string {
  // jsforce's verifier: 128 random bytes, base64url → 171 characters (reference §2.8).
  return randomBytes(128).toString("base64url");
}

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

