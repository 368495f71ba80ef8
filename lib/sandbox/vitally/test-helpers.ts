import { request as httpRequest } from "node:http";
import { basicAuthHeader } from "./auth";
import { SandboxControlClient } from "./control-client";
import { createVitallySandbox, type VitallySandbox, type VitallySandboxOptions } from "./server";

/** Test support for the sandbox contract tests: a sandbox on a random port and small HTTP clients. */

export const KEY_A = "sk_live_contract_a";
export const SUBDOMAIN_A = "contract-a";
export const KEY_B = "sk_live_contract_b";
export const SUBDOMAIN_B = "contract-b";

// Response bodies are whatever the API answered; tests assert on them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse {
  status: number;
  body: Json;
  headers: Headers;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly authorization: string | null,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const all: Record<string, string> = { ...headers };
    if (this.authorization) all.Authorization = this.authorization;
    if (body !== undefined) all["Content-Type"] = "application/json";
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined, headers: res.headers };
  }

  get(path: string) {
    return this.request("GET", path);
  }
  post(path: string, body: unknown) {
    return this.request("POST", path, body);
  }
  put(path: string, body: unknown) {
    return this.request("PUT", path, body);
  }
  del(path: string) {
    return this.request("DELETE", path);
  }
}

export interface TestSandbox {
  sandbox: VitallySandbox;
  /** Key A on its workspace, path-prefix host style. */
  api: ApiClient;
  /** Key B on its own workspace. */
  apiB: ApiClient;
  control: SandboxControlClient;
  client(key: string | null, subdomain?: string | null): ApiClient;
  close(): Promise<void>;
}

export async function startSandbox(options: VitallySandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await createVitallySandbox({
    port: 0,
    keys: [
      { key: KEY_A, subdomain: SUBDOMAIN_A },
      { key: KEY_B, subdomain: SUBDOMAIN_B },
    ],
    ...options,
  });
  const client = (key: string | null, subdomain: string | null = SUBDOMAIN_A) =>
    new ApiClient(subdomain ? sandbox.baseUrls(subdomain).pathStyle : sandbox.url, key ? basicAuthHeader(key) : null);
  return {
    sandbox,
    api: client(KEY_A, SUBDOMAIN_A),
    apiB: client(KEY_B, SUBDOMAIN_B),
    control: new SandboxControlClient({ baseUrl: sandbox.url }),
    client,
    close: () => sandbox.close(),
  };
}

/** A request with an explicit Host header (fetch cannot set one), to test host styles. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: Json; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: {
          Host: options.host,
          ...(payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Json) : undefined, headers: res.headers }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

let counter = 0;
/** A unique suffix so tests never collide on externalIds. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Creates an organization, an account in it, and a user in both, and returns their ids. */
export async function createBasics(api: ApiClient) {
  const org = await api.post("/resources/organizations", { externalId: uid("org"), name: "Org" });
  const account = await api.post("/resources/accounts", { externalId: uid("acc"), name: "Account", organizationId: org.body.id });
  const user = await api.post("/resources/users", {
    externalId: uid("user"),
    name: "User",
    email: `${uid("u")}@basics.example`,
    accountIds: [account.body.id],
    organizationIds: [org.body.id],
  });
  if (org.status !== 200 || account.status !== 200 || user.status !== 200) throw new Error("createBasics failed");
  return { orgId: org.body.id as string, accountId: account.body.id as string, userId: user.body.id as string, user: user.body };
}
