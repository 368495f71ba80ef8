import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG_SLUG } from "./seed-demo";
import { RestClient, http, startSandbox, type TestSandbox } from "./test-helpers";
import { child, local, parseXml, toValue } from "../../salesforce/xml";

// Reference §4.1–§4.4 (Metadata API CRUD calls, ≤ 10 components, readMetadata of an unknown name
// is an empty record, duplicate create is success:false), §2.7 and §6 #13 (SOAP shapes jsforce
// parses: text/xml, prefixed envelope, `<faultcode>sf:INVALID_SESSION_ID</faultcode>`).

/** The envelope jsforce's SOAP class builds (src/soap.ts `_createEnvelope` + `toXML`). */
function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join("");
  if (value && typeof value === "object") {
    const attrs = Object.entries(value).filter(([k]) => k.startsWith("@")).map(([k, v]) => ` ${k.slice(1)}="${String(v)}"`).join("");
    const inner = Object.entries(value).filter(([k]) => !k.startsWith("@")).map(([k, v]) => toXml(k, v)).join("");
    return `<${name}${attrs}>${inner}</${name}>`;
  }
  return `<${name}>${String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</${name}>`;
}

function envelope(sessionId: string, method: string, args: Record<string, unknown>): string {
  const ns = "http://soap.sforce.com/2006/04/metadata";
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"',
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"',
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<soapenv:Header xmlns="${ns}">`,
    toXml("SessionHeader", { sessionId }),
    "</soapenv:Header>",
    `<soapenv:Body xmlns="${ns}">`,
    toXml(method, args),
    "</soapenv:Body>",
    "</soapenv:Envelope>",
  ].join("");
}

const REQUEST_OBJECT = {
  "@xsi:type": "CustomObject",
  fullName: "Request__c",
  label: "Request",
  pluralLabel: "Requests",
  nameField: { type: "Text", label: "Request Name" },
  deploymentStatus: "Deployed",
  sharingModel: "ReadWrite",
};
const field = (name: string, extra: Record<string, unknown>) => ({ "@xsi:type": "CustomField", fullName: `Request__c.${name}`, label: name.replace(/__c$/, ""), ...extra });

describe("Metadata API (SOAP)", () => {
  let t: TestSandbox;
  let api: RestClient;
  let call: (method: string, args: Record<string, unknown>, token?: string) => Promise<{ status: number; type: string | null; body: Record<string, unknown>; raw: string }>;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
    call = async (method, args, token = api.accessToken) => {
      const res = await http(`${api.instanceUrl}/services/Soap/m/62.0`, {
        method: "POST",
        headers: { "Content-Type": "text/xml", SOAPAction: '""' },
        body: envelope(token, method, args),
      });
      const root = parseXml(res.text);
      expect(root.name).toBe("soapenv:Envelope");
      const bodyEl = child(root, "Body");
      expect(bodyEl?.name).toBe("soapenv:Body");
      const first = bodyEl?.children[0];
      return { status: res.status, type: res.headers.get("content-type"), body: { [local(first?.name ?? "")]: first ? toValue(first) : null }, raw: res.text };
    };
  });
  afterAll(() => t.close());

  it("upsertMetadata creates the object (created=true), then reports created=false; answers text/xml", async () => {
    const first = await call("upsertMetadata", { metadata: [REQUEST_OBJECT] });
    expect(first.status).toBe(200);
    expect(first.type).toContain("text/xml");
    expect(first.body).toEqual({ upsertMetadataResponse: { result: { created: "true", fullName: "Request__c", success: "true" } } });
    const again = await call("upsertMetadata", { metadata: [REQUEST_OBJECT] });
    expect(again.body).toEqual({ upsertMetadataResponse: { result: { created: "false", fullName: "Request__c", success: "true" } } });
  });

  it("fields in one call: one <result> each; a bad one fails alone with <errors><statusCode>", async () => {
    const res = await call("upsertMetadata", {
      metadata: [
        field("RequestId__c", { type: "Text", length: 255, externalId: true, unique: true, caseSensitive: true }),
        field("Summary__c", { type: "Html", length: 32768, visibleLines: 10 }),
        field("Status__c", { type: "Picklist", valueSet: { restricted: false, valueSetDefinition: { sorted: false, value: [{ fullName: "Open", default: false }] } } }),
        field("Broken__c", { type: "Text", length: 999 }),
      ],
    });
    const results = (res.body.upsertMetadataResponse as { result: Array<Record<string, unknown>> }).result;
    expect(results.map((r) => [r.fullName, r.success, r.created])).toEqual([
      ["Request__c.RequestId__c", "true", "true"],
      ["Request__c.Summary__c", "true", "true"],
      ["Request__c.Status__c", "true", "true"],
      ["Request__c.Broken__c", "false", "false"],
    ]);
    expect((results[3]?.errors as Record<string, unknown>).statusCode).toBe("FIELD_INTEGRITY_EXCEPTION");
    // Created through the Metadata API, the fields have no FLS yet (§4.6).
    const describe = await api.get("/sobjects/Request__c/describe");
    expect(describe.body.fields.map((f: { name: string }) => f.name)).not.toContain("RequestId__c");
  });

  it("createMetadata of an existing name is success:false DUPLICATE_DEVELOPER_NAME", async () => {
    const res = await call("createMetadata", { metadata: [field("RequestId__c", { type: "Text", length: 255 })] });
    expect(res.body).toMatchObject({ createMetadataResponse: { result: { success: "false", errors: { statusCode: "DUPLICATE_DEVELOPER_NAME" } } } });
  });

  it("readMetadata returns the stored metadata, and an empty record for an unknown name", async () => {
    const res = await call("readMetadata", { type: "CustomField", fullNames: ["Request__c.RequestId__c", "Request__c.Nope__c"] });
    const records = (res.body.readMetadataResponse as { result: { records: unknown[] } }).result.records;
    expect(records[0]).toMatchObject({ fullName: "Request__c.RequestId__c", type: "Text", length: "255", externalId: "true" });
    expect(records[1]).toBe("");
  });

  it("more than 10 components is a fault; an expired session is a 500 fault sf:INVALID_SESSION_ID", async () => {
    const many = Array.from({ length: 11 }, (_, i) => field(`F${i}__c`, { type: "Text", length: 10 }));
    const tooMany = await call("createMetadata", { metadata: many });
    expect(tooMany.status).toBe(500);
    expect(tooMany.raw).toContain("<faultcode>sf:EXCEEDED_ID_LIMIT</faultcode>");
    await t.control.expireSessions(DEMO_ORG_SLUG);
    const expired = await call("readMetadata", { type: "CustomObject", fullNames: ["Request__c"] });
    expect(expired.status).toBe(500);
    // jsforce's isSessionExpired test, on the raw body.
    expect(/<faultcode>[a-zA-Z]+:INVALID_SESSION_ID<\/faultcode>/.test(expired.raw)).toBe(true);
    expect(expired.body).toMatchObject({ Fault: { faultcode: "sf:INVALID_SESSION_ID" } });
  });

  it("Layout: readMetadata shows the object's default layout; updateMetadata replaces it; fields and related lists are checked", async () => {
    api = await t.adminClient(); // the test above ended the sessions
    const read = await call("readMetadata", { type: "Layout", fullNames: ["Request__c-Request Layout", "Account-Account Layout", "Request__c-Nope Layout"] });
    const records = (read.body.readMetadataResponse as { result: { records: Array<Record<string, unknown> | string> } }).result.records;
    expect(records[0]).toMatchObject({ fullName: "Request__c-Request Layout", layoutSections: { label: "Information", layoutColumns: [{ layoutItems: { field: "Name" } }, ""] } });
    expect(records[1]).toMatchObject({ fullName: "Account-Account Layout" });
    expect(records[2]).toBe("");

    const requestLayout = {
      "@xsi:type": "Layout",
      fullName: "Request__c-Request Layout",
      layoutSections: [
        { label: "Information", style: "TwoColumnsTopToBottom", layoutColumns: [{ layoutItems: [{ behavior: "Required", field: "Name" }] }, { layoutItems: [{ behavior: "Edit", field: "Summary__c" }] }] },
      ],
    };
    const ok = await call("updateMetadata", { metadata: [requestLayout] });
    expect(ok.body).toEqual({ updateMetadataResponse: { result: { fullName: "Request__c-Request Layout", success: "true" } } });
    await call("createMetadata", { metadata: [field("Account__c", { type: "Lookup", referenceTo: "Account", relationshipName: "Requests", deleteConstraint: "SetNull" })] });
    const account = { "@xsi:type": "Layout", fullName: "Account-Account Layout", relatedLists: [{ fields: ["NAME", "Status__c"], relatedList: "Request__c.Account__c" }] };
    const withList = await call("updateMetadata", { metadata: [account] });
    expect(withList.body).toMatchObject({ updateMetadataResponse: { result: { success: "true" } } });
    const again = await call("readMetadata", { type: "Layout", fullNames: ["Account-Account Layout", "Request__c-Request Layout"] });
    const [acc, req] = (again.body.readMetadataResponse as { result: { records: Array<Record<string, unknown>> } }).result.records;
    expect(acc).toMatchObject({ relatedLists: { relatedList: "Request__c.Account__c", fields: ["NAME", "Status__c"] } });
    expect(JSON.stringify(req)).toContain("Summary__c");

    const bad = await call("updateMetadata", {
      metadata: [
        { ...requestLayout, layoutSections: [{ label: "X", style: "OneColumn", layoutColumns: { layoutItems: { behavior: "Edit", field: "Nope__c" } } }] },
        { ...account, relatedLists: { relatedList: "Request__c.Summary__c" } },
        { ...account, fullName: "Account-Other Layout" },
      ],
    });
    const results = (bad.body.updateMetadataResponse as { result: Array<Record<string, unknown>> }).result;
    expect(results.map((r) => [r.success, (r.errors as Record<string, unknown>).statusCode])).toEqual([
      ["false", "FIELD_INTEGRITY_EXCEPTION"],
      ["false", "FIELD_INTEGRITY_EXCEPTION"],
      ["false", "INVALID_CROSS_REFERENCE_KEY"],
    ]);
  });
});
