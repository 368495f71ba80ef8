import { z } from "zod";
import type { AppErrorCode } from "@/lib/errors";
import { ZApiCustomField, ZApiCustomFieldList, ZUpsertCustomFieldInput } from "@/lib/custom-fields/schemas";
import { MAX_BODY_BYTES } from "@/lib/api/read-json-body";
import { IDEMPOTENCY_RETENTION_MS, MAX_IDEMPOTENCY_KEY_LENGTH } from "@/lib/idempotency/run-idempotent";
import { ZListRequestsQuery } from "@/lib/requests/list-requests-api";
import {
  ZAddMessageInput,
  ZApiMessage,
  ZApiRequest,
  ZApiRequestPage,
  ZApiRequestSummary,
  ZCreateRequestInput,
  ZEditMessageInput,
  ZUpdateRequestInput,
} from "@/lib/requests/schemas";

/**
 * Ferry's public API as an OpenAPI 3.1 document, generated from the same zod schemas the API
 * validates with, so the document cannot drift from the behaviour. Served at /api/v1/openapi.json.
 */

/** Every `error.code` the API answers: lib's AppError codes plus the ones only the HTTP edge knows. */
export const API_ERROR_CODES = [
  "invalid_input",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "idempotency_mismatch",
  "rate_limited",
  "unavailable",
  "invalid_json",
  "payload_too_large",
  "internal",
] as const satisfies readonly (AppErrorCode | "invalid_json" | "payload_too_large" | "internal")[];

export const ZApiError = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string().describe("What went wrong and what to do next, in plain words."),
    fields: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('For invalid_input: every field at fault, by path ("requestor.email", "customFields.product").'),
  }),
});

/** Request bodies (read as input: fields with defaults are optional). */
const INPUT_SCHEMAS = {
  CreateRequestInput: ZCreateRequestInput,
  UpdateRequestInput: ZUpdateRequestInput,
  AddMessageInput: ZAddMessageInput,
  EditMessageInput: ZEditMessageInput,
  UpsertCustomFieldInput: ZUpsertCustomFieldInput,
} as const;

/** Response bodies. */
const OUTPUT_SCHEMAS = {
  Request: ZApiRequest,
  RequestSummary: ZApiRequestSummary,
  RequestPage: ZApiRequestPage,
  Message: ZApiMessage,
  CustomField: ZApiCustomField,
  CustomFieldList: ZApiCustomFieldList,
  Error: ZApiError,
} as const;

export type SchemaName = keyof typeof INPUT_SCHEMAS | keyof typeof OUTPUT_SCHEMAS;
export const SCHEMAS: Record<SchemaName, z.ZodType> = { ...INPUT_SCHEMAS, ...OUTPUT_SCHEMAS };

type JsonSchema = Record<string, unknown>;
const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const cleaned: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(out)) {
    const rest = { ...(schema as JsonSchema) };
    delete rest.$schema;
    delete rest.$id;
    cleaned[id] = rest;
  }
  return cleaned;
}

// ─── Paths ──────────────────────────────────────────────────────────────────────────────────────

type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: "Requests" | "Messages" | "Custom fields" | "Meta";
  params?: ("ref" | "messageRef" | "key")[];
  query?: JsonSchema[];
  body?: keyof typeof INPUT_SCHEMAS;
  idempotent?: boolean;
  /** `schema` absent: any JSON object (the OpenAPI document itself). */
  success: { status: number; schema?: keyof typeof OUTPUT_SCHEMAS; description: string; alsoStatus?: number };
  errors: number[];
  public?: boolean;
};

const PARAMS = {
  ref: {
    name: "ref",
    in: "path",
    required: true,
    description: 'The request: its Ferry id (UUID), its per-workspace number ("135"), or "ext:" + the platform\'s externalId ("ext:T-4821", URL-encoded).',
    schema: { type: "string" },
  },
  messageRef: {
    name: "messageRef",
    in: "path",
    required: true,
    description: 'The message: its Ferry id (UUID) or "ext:" + the platform\'s externalId for it.',
    schema: { type: "string" },
  },
  key: {
    name: "key",
    in: "path",
    required: true,
    description: "The custom field's stable key (lower-case letters, digits, '-' or '_').",
    schema: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,62}$" },
  },
} as const;

const IDEMPOTENCY_HEADER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    `Makes a retried create safe: the same key with the same body answers the first response again ` +
    `(header Idempotent-Replayed: true) without creating anything; the same key with another body answers 422. ` +
    `Keys are scoped to the workspace and operation and kept for ${IDEMPOTENCY_RETENTION_MS / 3_600_000} hours.`,
  schema: { type: "string", minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (every field at fault is named in error.fields) or malformed JSON. Nothing was written.",
  401: "Missing, unknown or revoked API token.",
  404: "Not found in this workspace.",
  409: "Conflict, e.g. the externalId is already used.",
  413: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`,
  422: "The Idempotency-Key was already used with a different body.",
};

function listQueryParameters(): JsonSchema[] {
  const schema = z.toJSONSchema(ZListRequestsQuery, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, JsonSchema>;
  };
  return Object.entries(schema.properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: "query", required: false, ...(description ? { description } : {}), schema: rest };
  });
}

export const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/v1/requests",
    operationId: "createRequest",
    summary: "Create a request",
    description: "Creates a request with its initial messages. The request gets the workspace's next number.",
    tag: "Requests",
    body: "CreateRequestInput",
    idempotent: true,
    success: { status: 201, schema: "Request", description: "Created (or replayed from the Idempotency-Key)." },
    errors: [400, 401, 409, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/requests",
    operationId: "listRequests",
    summary: "List requests",
    description: "Newest first, a page at a time (keyset cursor).",
    tag: "Requests",
    query: [],
    success: { status: 200, schema: "RequestPage", description: "A page of requests (without messages)." },
    errors: [400, 401],
  },
  {
    method: "get",
    path: "/api/v1/requests/{ref}",
    operationId: "getRequest",
    summary: "Read a request",
    tag: "Requests",
    params: ["ref"],
    success: { status: 200, schema: "Request", description: "The request with the messages of both threads." },
    errors: [401, 404],
  },
  {
    method: "patch",
    path: "/api/v1/requests/{ref}",
    operationId: "updateRequest",
    summary: "Update a request (partial)",
    description: "Absent fields are left alone; null clears an optional field. An update that changes nothing writes nothing.",
    tag: "Requests",
    params: ["ref"],
    body: "UpdateRequestInput",
    success: { status: 200, schema: "Request", description: "The request after the update." },
    errors: [400, 401, 404, 409, 413],
  },
  {
    method: "post",
    path: "/api/v1/requests/{ref}/messages",
    operationId: "addMessage",
    summary: "Add a message to the customer or internal thread",
    tag: "Messages",
    params: ["ref"],
    body: "AddMessageInput",
    idempotent: true,
    success: { status: 201, schema: "Message", description: "Added (or replayed from the Idempotency-Key)." },
    errors: [400, 401, 404, 409, 413, 422],
  },
  {
    method: "patch",
    path: "/api/v1/requests/{ref}/messages/{messageRef}",
    operationId: "editMessage",
    summary: "Edit a message",
    tag: "Messages",
    params: ["ref", "messageRef"],
    body: "EditMessageInput",
    success: { status: 200, schema: "Message", description: "The message after the edit." },
    errors: [400, 401, 404, 409, 413],
  },
  {
    method: "delete",
    path: "/api/v1/requests/{ref}/messages/{messageRef}",
    operationId: "deleteMessage",
    summary: "Delete a message",
    description: "Soft delete: the message gets deletedAt and is left out of reads. Deleting it again changes nothing.",
    tag: "Messages",
    params: ["ref", "messageRef"],
    success: { status: 200, schema: "Message", description: "The deleted message." },
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/custom-fields",
    operationId: "listCustomFields",
    summary: "List custom fields",
    tag: "Custom fields",
    success: { status: 200, schema: "CustomFieldList", description: "Every custom field, archived ones flagged." },
    errors: [401],
  },
  {
    method: "put",
    path: "/api/v1/custom-fields/{key}",
    operationId: "upsertCustomField",
    summary: "Create or update a custom field",
    description: "Creates the field or replaces its definition. An identical definition changes nothing.",
    tag: "Custom fields",
    params: ["key"],
    body: "UpsertCustomFieldInput",
    success: { status: 200, alsoStatus: 201, schema: "CustomField", description: "Updated (200) or created (201)." },
    errors: [400, 401, 413],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document",
    tag: "Meta",
    public: true,
    success: { status: 200, description: "The OpenAPI 3.1 document." },
    errors: [],
  },
];

function operationObject(op: Operation): JsonSchema {
  const errorResponse = (status: number) => [
    String(status),
    { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: ref("Error") } } },
  ];
  const success = {
    description: op.success.description,
    content: { "application/json": { schema: op.success.schema ? ref(op.success.schema) : { type: "object" } } },
  };
  const responses: Record<string, unknown> = { [String(op.success.status)]: success };
  if (op.success.alsoStatus) responses[String(op.success.alsoStatus)] = success;
  for (const status of op.errors) {
    const [code, body] = errorResponse(status);
    responses[code as string] = body;
  }
  if (!op.public) responses["500"] = { description: "Unexpected error on Ferry's side; retry later.", content: { "application/json": { schema: ref("Error") } } };

  const parameters = [
    ...(op.params ?? []).map((p) => PARAMS[p]),
    ...(op.query ? listQueryParameters() : []),
    ...(op.idempotent ? [IDEMPOTENCY_HEADER] : []),
  ];
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } }
      : {}),
    responses,
  };
}

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Ferry API",
      version: "1",
      description:
        "Ferry's public API: support platforms send requests, their threads and custom fields; Ferry syncs them to Vitally and Salesforce. " +
        `Authenticate with a workspace API token (Settings → API tokens): \`Authorization: Bearer fry_…\`. Bodies are JSON, at most ${MAX_BODY_BYTES / 1024} KB. ` +
        "Errors answer `{ error: { code, message, fields? } }`; invalid input names every field at fault and writes nothing.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "Requests" }, { name: "Messages" }, { name: "Custom fields" }, { name: "Meta" }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "fry_<40 base62 characters>", description: "A workspace API token." },
      },
      schemas: { ...components(INPUT_SCHEMAS, "input"), ...components(OUTPUT_SCHEMAS, "output") },
    },
  };
  return cached;
}
