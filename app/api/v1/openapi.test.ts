import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callApi } from "@/app/api/v1/_lib/test-client";
import { OPERATIONS, SCHEMAS, openApiDocument } from "@/lib/api/openapi";
import { CHANNEL, STATUS, THREAD } from "@/lib/requests/enums";
import { ZCreateRequestInput, ZUpdateRequestInput } from "@/lib/requests/schemas";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = openApiDocument() as Json;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const ROOT = path.join(process.cwd(), "app/api/v1");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name.startsWith("_") ? [] : routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document with bearer security and the error shape", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Ferry API", version: "1" });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const error = doc.components.schemas.Error;
    expect(error.properties.error.required).toEqual(["code", "message"]);
    expect(error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(["invalid_input", "not_found", "idempotency_mismatch", "payload_too_large"]));
  });

  it("documents exactly the routes and methods that exist under app/api/v1", async () => {
    const actual: string[] = [];
    for (const file of routeFiles(ROOT)) {
      const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
      if (rel.some((seg) => seg.startsWith("[..."))) continue; // the JSON 404 catch-all
      const apiPath = "/api/v1/" + rel.map((seg) => seg.replace(/^\[(.+)\]$/, "{$1}")).join("/");
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") actual.push(`${m} ${apiPath}`);
    }
    const documented = Object.entries(doc.paths as Json).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(actual.sort());
    expect(actual).toContain("POST /api/v1/requests");
    expect(actual).toContain("DELETE /api/v1/requests/{ref}/messages/{messageRef}");
  });

  it("declares every path parameter, responses with JSON bodies, and resolvable refs", () => {
    for (const [p, ops] of Object.entries(doc.paths as Json)) {
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops as Json)) {
        const declared = (op.parameters ?? []).filter((x: Json) => x.in === "path").map((x: Json) => x.name).sort();
        expect(declared, `${method} ${p}`).toEqual(templated);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const response of Object.values(op.responses as Json)) expect(response.content["application/json"].schema).toBeDefined();
        if (["post", "put", "patch"].includes(method)) expect(op.requestBody.content["application/json"].schema.$ref).toMatch(/^#\/components\/schemas\//);
        if (op.security === undefined) expect(Object.keys(op.responses)).toContain("401");
      }
    }
    for (const ref of refsIn(doc)) {
      const name = ref.replace("#/components/schemas/", "");
      expect(doc.components.schemas, ref).toHaveProperty(name);
    }
    expect(doc.paths["/api/v1/requests"].post.parameters.map((x: Json) => x.name)).toContain("Idempotency-Key");
    expect(doc.paths["/api/v1/requests"].get.parameters.map((x: Json) => x.name).sort()).toEqual(["channel", "cursor", "limit", "status"]);
  });

  it("generates its schemas from the zod schemas the API validates with", () => {
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(SCHEMAS).sort());

    const create = schemas.CreateRequestInput;
    const shape = ZCreateRequestInput.shape;
    expect(Object.keys(create.properties).sort()).toEqual(Object.keys(shape).sort());
    const required = Object.entries(shape)
      .filter(([, s]) => !s.safeParse(undefined).success)
      .map(([k]) => k)
      .sort();
    expect([...create.required].sort()).toEqual(required);
    expect(required).toEqual(["channel", "messageText", "requestor", "title"]);
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.channel.enum).toEqual(CHANNEL.values);
    expect(create.properties.messages.items.$ref).toBe("#/components/schemas/AddMessageInput");
    expect(schemas.AddMessageInput.properties.thread.enum).toEqual(THREAD.values);

    const update = schemas.UpdateRequestInput;
    expect(Object.keys(update.properties).sort()).toEqual(Object.keys(ZUpdateRequestInput.shape).sort());
    expect(update.required ?? []).toEqual([]);

    const request = schemas.Request;
    expect(request.properties.status.enum).toEqual(STATUS.values);
    expect(request.properties.messages.items.$ref).toBe("#/components/schemas/Message");
    expect(request.required).toContain("number");
    expect(schemas.RequestSummary.properties).not.toHaveProperty("messages");
  });

  it("lists each operation once with a unique operationId", () => {
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is served publicly at /api/v1/openapi.json", async () => {
    const res = await callApi("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
