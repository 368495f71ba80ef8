import * as customFieldByKey from "@/app/api/v1/custom-fields/[key]/route";
import * as customFields from "@/app/api/v1/custom-fields/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as messageByRef from "@/app/api/v1/requests/[ref]/messages/[messageRef]/route";
import * as messages from "@/app/api/v1/requests/[ref]/messages/route";
import * as requestByRef from "@/app/api/v1/requests/[ref]/route";
import * as requests from "@/app/api/v1/requests/route";
import * as unknownPath from "@/app/api/v1/[...path]/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { createMember, createWorkspace } from "@/tests/factories";

/**
 * Calls the real /api/v1 route handlers the way Next.js does (a web Request plus a params
 * promise), for integration tests. Not used by the app.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", unknown>>;

const ROUTES: { pattern: RegExp; names: string[]; module: RouteModule }[] = [
  { pattern: /^\/api\/v1\/openapi\.json$/, names: [], module: openapi },
  { pattern: /^\/api\/v1\/requests$/, names: [], module: requests },
  { pattern: /^\/api\/v1\/requests\/([^/]+)$/, names: ["ref"], module: requestByRef },
  { pattern: /^\/api\/v1\/requests\/([^/]+)\/messages$/, names: ["ref"], module: messages },
  { pattern: /^\/api\/v1\/requests\/([^/]+)\/messages\/([^/]+)$/, names: ["ref", "messageRef"], module: messageByRef },
  { pattern: /^\/api\/v1\/custom-fields$/, names: [], module: customFields },
  { pattern: /^\/api\/v1\/custom-fields\/([^/]+)$/, names: ["key"], module: customFieldByKey },
];

export type CallOptions = { token?: string | null; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> };
export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function callApi(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<ApiResponse> {
  const url = new URL(pathAndQuery, "http://localhost:3000");
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const request = new Request(url, { method, headers, body });

  const route = ROUTES.find((r) => r.pattern.test(url.pathname));
  let handler: Handler | undefined;
  let params: Record<string, string | string[]> = {};
  if (route) {
    const match = url.pathname.match(route.pattern)!;
    params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    handler = route.module[method as keyof RouteModule] as Handler | undefined;
    if (!handler) return { status: 405, body: null, headers: new Headers() };
  } else {
    handler = unknownPath[method as keyof typeof unknownPath] as Handler;
    params = { path: url.pathname.replace(/^\/api\/v1\//, "").split("/") };
  }
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** A fresh workspace with an owner and an API token, plus a client bound to that token. */
export async function apiWorkspace() {
  const workspace = await createWorkspace();
  const owner = await createMember(workspace.id, "OWNER");
  const { token, secret } = await createApiToken({
    workspaceId: workspace.id,
    actor: { userId: owner.id, role: "OWNER" },
    data: { name: "Test platform" },
  });
  const call = (method: string, path: string, options: Omit<CallOptions, "token"> = {}) => callApi(method, path, { ...options, token: secret });
  return { workspace, owner, token, secret, call };
}

/** A valid create body; `overrides` replace top-level fields. */
export function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: "slack",
    title: "CSV export times out for large accounts",
    messageText: "Hi team, our CSV export has been spinning for 20 minutes. Can you check?",
    requestor: { name: "Dana Whitfield", email: "dana@northwind.example.com", platformId: "U02ABCDEF", company: "Northwind" },
    ...overrides,
  };
}
