import { z } from "zod";
import { SalesforceError } from "./errors";
import type { FieldDef, ObjectDef } from "./schema";
import { layoutObject, parseLayout } from "./layouts";
import type { Org } from "./store";
import { ZFieldMetadata, ZObjectMetadata, createCustomField, createCustomObject, updateCustomField, updateCustomObject } from "./tooling";
import { XmlError, child, escapeXml, local, parseXml, toValue, type XmlElement } from "../../salesforce/xml";

/**
 * The Metadata API over SOAP (`POST {instance}/services/Soap/m/NN.0`, reference §4.1, §4.4,
 * §6 #13) for CustomObject, CustomField and Layout (layouts.ts): createMetadata, updateMetadata, upsertMetadata
 * (matched by fullName, `created` flag) and readMetadata (an empty record for unknown names).
 * ≤ 10 components of one type per call. Answers are `text/xml` with a prefixed envelope, one
 * `<result>` per component, errors as `<errors><fields/><message/><statusCode/></errors>`;
 * faults are HTTP 500 with unprefixed `<faultcode>sf:CODE</faultcode>` / `<faultstring>`.
 */

export const MAX_COMPONENTS = 10;
const NS = "http://soap.sforce.com/2006/04/metadata";
const ENVELOPE_OPEN = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`;
const ENVELOPE_CLOSE = "</soapenv:Body></soapenv:Envelope>";

export interface SoapRequest {
  sessionId: string | null;
  operation: XmlElement;
}

/** A SOAP fault; `INVALID_SESSION_ID` must read literally `sf:INVALID_SESSION_ID` (jsforce matches it). */
export function soapFault(code: string, message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}

export function parseSoapRequest(text: string): SoapRequest {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    throw new SalesforceError(500, "INVALID_XML", error instanceof XmlError ? error.message : "Could not parse the SOAP envelope");
  }
  if (local(root.name) !== "Envelope") throw new SalesforceError(500, "INVALID_XML", "The root element must be a SOAP Envelope");
  const sessionId = child(child(child(root, "Header"), "SessionHeader"), "sessionId")?.text.trim() ?? null;
  const operation = child(root, "Body")?.children[0];
  if (!operation) throw new SalesforceError(500, "INVALID_XML", "The SOAP Body is empty");
  return { sessionId, operation };
}

const NUMERIC_KEYS = new Set(["length", "visibleLines", "precision", "scale", "startingNumber"]);
const ARRAY_PATHS = new Set(["valueSetDefinition.value", "fields"]);

/** XML text → the typed values the Tooling schemas expect (booleans, numbers, arrays). */
function coerce(value: unknown, key = "", parent = ""): unknown {
  if (typeof value === "string") {
    if (value === "true" || value === "false") return value === "true";
    if (NUMERIC_KEYS.has(key) && /^\d+$/.test(value)) return Number(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => coerce(v, key, parent));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = coerce(v, k, key);
      out[k] = ARRAY_PATHS.has(`${key}.${k}`) || ARRAY_PATHS.has(k) ? (Array.isArray(c) ? c : [c]) : c;
    }
    return out;
  }
  return value;
}

interface Component {
  type: string;
  fullName: string;
  metadata: Record<string, unknown>;
}

function components(operation: XmlElement): Component[] {
  const items = operation.children.filter((c) => local(c.name) === "metadata");
  if (items.length > MAX_COMPONENTS) {
    throw new SalesforceError(500, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_COMPONENTS} records in this operation`);
  }
  const out = items.map((el) => {
    const type = el.attrs["xsi:type"] ?? "";
    const value = coerce(toValue(el));
    const metadata = value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
    const fullName = typeof metadata.fullName === "string" ? metadata.fullName : "";
    delete metadata.fullName;
    return { type: type.includes(":") ? local(type) : type, fullName, metadata };
  });
  if (new Set(out.map((c) => c.type)).size > 1) {
    throw new SalesforceError(500, "INVALID_TYPE", "All metadata components in one call must be of the same type");
  }
  return out;
}

function parse<S extends z.ZodType>(schema: S, metadata: unknown): z.infer<S> {
  const parsed = schema.safeParse(metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || "metadata";
    throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", `${name}: ${issue?.message ?? "invalid"}`, [name]);
  }
  return parsed.data;
}

function existing(org: Org, c: Component): ObjectDef | { def: ObjectDef; f: FieldDef } | null {
  if (c.type === "CustomObject") return org.object(c.fullName) ?? null;
  const [objectName, fieldName] = c.fullName.split(".");
  const def = objectName ? org.object(objectName) : undefined;
  const f = fieldName ? def?.fields.get(fieldName.toLowerCase()) : undefined;
  return def && f?.custom ? { def, f } : null;
}

type Mode = "create" | "update" | "upsert";

/** Applies one component; returns whether it was created. */
function save(org: Org, c: Component, mode: Mode): boolean {
  if (c.type === "Layout") return saveLayout(org, c, mode);
  if (c.type !== "CustomObject" && c.type !== "CustomField") {
    throw new SalesforceError(400, "INVALID_TYPE", `The sandbox emulates CustomObject, CustomField and Layout, not ${c.type || "(no xsi:type)"}`);
  }
  const found = existing(org, c);
  if (mode === "create" && found) {
    throw new SalesforceError(400, "DUPLICATE_DEVELOPER_NAME", `There is already a ${c.type === "CustomObject" ? "object" : "field"} named ${c.fullName}.`, ["fullName"]);
  }
  if (mode === "update" && !found) throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", `In field: fullName - no ${c.type} named ${c.fullName} found`, ["fullName"]);
  if (c.type === "CustomObject") {
    const { fields, ...objectMetadata } = c.metadata as { fields?: unknown };
    const metadata = parse(ZObjectMetadata, objectMetadata);
    const def = found ? updateCustomObject(found as ObjectDef, metadata) : createCustomObject(org, c.fullName, metadata);
    for (const inline of (fields as Record<string, unknown>[] | undefined) ?? []) {
      const { fullName, ...fieldMetadata } = inline;
      save(org, { type: "CustomField", fullName: `${def.name}.${String(fullName)}`, metadata: fieldMetadata }, "upsert");
    }
    return !found;
  }
  const metadata = parse(ZFieldMetadata, c.metadata);
  if (found) {
    const { def, f } = found as { def: ObjectDef; f: FieldDef };
    updateCustomField(org, def, f, metadata);
    return false;
  }
  createCustomField(org, c.fullName, metadata);
  return true;
}

/** A Layout replaces the stored one whole (layouts.ts); its object must exist. */
function saveLayout(org: Org, c: Component, mode: Mode): boolean {
  const def = layoutObject(org, c.fullName);
  const found = org.layouts.get(c.fullName.toLowerCase());
  if (!def) throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", `In field: fullName - no object for the Layout named ${c.fullName}`, ["fullName"]);
  if (mode === "create" && found) throw new SalesforceError(400, "DUPLICATE_DEVELOPER_NAME", `There is already a Layout named ${c.fullName}.`, ["fullName"]);
  if (mode === "update" && !found) throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", `In field: fullName - no Layout named ${c.fullName} found`, ["fullName"]);
  const metadata = parseLayout(org, def, c.metadata);
  org.layouts.set(c.fullName.toLowerCase(), { fullName: found?.fullName ?? c.fullName, metadata });
  return !found;
}

function errorXml(error: SalesforceError): string {
  const fields = (error.fields ?? []).map((f) => `<fields>${escapeXml(f)}</fields>`).join("");
  return `<errors>${fields}<message>${escapeXml(error.message)}</message><statusCode>${escapeXml(error.errorCode)}</statusCode></errors>`;
}

function valueXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => valueXml(name, v)).join("");
  if (value && typeof value === "object") {
    return `<${name}>${Object.entries(value).map(([k, v]) => valueXml(k, v)).join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function readRecord(org: Org, type: string, fullName: string): string {
  if (type === "Layout") {
    const layout = org.layouts.get(fullName.toLowerCase());
    if (!layout) return `<records xsi:type="Layout"/>`;
    const body = Object.entries(layout.metadata).map(([k, v]) => valueXml(k, v)).join("");
    return `<records xsi:type="Layout"><fullName>${escapeXml(layout.fullName)}</fullName>${body}</records>`;
  }
  const found = type === "CustomObject" || type === "CustomField" ? existing(org, { type, fullName, metadata: {} }) : null;
  const metadata = !found ? null : "f" in found ? found.f.metadata : found.metadata;
  if (!found || !metadata) return `<records xsi:type="${escapeXml(type)}"/>`;
  const name = "f" in found ? `${found.def.name}.${found.f.name}` : found.name;
  const body = Object.entries(metadata).map(([k, v]) => valueXml(k, v)).join("");
  return `<records xsi:type="${escapeXml(type)}"><fullName>${escapeXml(name)}</fullName>${body}</records>`;
}

/** Runs one Metadata API call and returns the response envelope (HTTP 200). */
export function handleMetadataCall(org: Org, request: SoapRequest): string {
  const op = local(request.operation.name);
  if (op === "readMetadata") {
    const type = child(request.operation, "type")?.text ?? "";
    const names = request.operation.children.filter((c) => local(c.name) === "fullNames").map((c) => c.text);
    if (names.length > MAX_COMPONENTS) throw new SalesforceError(500, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_COMPONENTS} records in this operation`);
    return `${ENVELOPE_OPEN}<readMetadataResponse><result>${names.map((n) => readRecord(org, type, n)).join("")}</result></readMetadataResponse>${ENVELOPE_CLOSE}`;
  }
  const mode: Mode | null = op === "createMetadata" ? "create" : op === "updateMetadata" ? "update" : op === "upsertMetadata" ? "upsert" : null;
  if (!mode) throw new SalesforceError(500, "INVALID_OPERATION", `The sandbox does not emulate the Metadata API call ${op}`);
  const results = components(request.operation).map((c) => {
    const name = `<fullName>${escapeXml(c.fullName)}</fullName>`;
    try {
      const created = save(org, c, mode);
      return `<result>${mode === "upsert" ? `<created>${created}</created>` : ""}${name}<success>true</success></result>`;
    } catch (error) {
      if (!(error instanceof SalesforceError)) throw error;
      return `<result>${mode === "upsert" ? "<created>false</created>" : ""}${errorXml(error)}${name}<success>false</success></result>`;
    }
  });
  return `${ENVELOPE_OPEN}<${op}Response>${results.join("")}</${op}Response>${ENVELOPE_CLOSE}`;
}
