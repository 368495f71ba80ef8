import { describe, expect, it } from "vitest";
import { classifySalesforceFailure, parseSalesforceErrors, REQUEST_LIMIT_RETRY_MS } from "./errors";

const fault = (code: string, text: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
const rest = (errorCode: string, fields?: string[]) => JSON.stringify([{ message: `${errorCode} happened`, errorCode, ...(fields ? { fields } : {}) }]);

describe("classifySalesforceFailure", () => {
  it.each([
    [401, rest("INVALID_SESSION_ID"), "auth", "INVALID_SESSION_ID", null],
    [403, rest("REQUEST_LIMIT_EXCEEDED"), "rate_limited", "REQUEST_LIMIT_EXCEEDED", REQUEST_LIMIT_RETRY_MS],
    [403, rest("INSUFFICIENT_ACCESS"), "forbidden", "INSUFFICIENT_ACCESS", null],
    [400, rest("INVALID_FIELD", ["Nope__c"]), "invalid_request", "INVALID_FIELD", null],
    [400, rest("UNABLE_TO_LOCK_ROW"), "transient", "UNABLE_TO_LOCK_ROW", null],
    [404, rest("NOT_FOUND"), "not_found", "NOT_FOUND", null],
    [300, JSON.stringify(["/services/data/v62.0/sobjects/Request__c/a00"]), "invalid_response", "MULTIPLE_CHOICES", null],
    [500, rest("UNKNOWN_EXCEPTION"), "transient", "UNKNOWN_EXCEPTION", null],
    [503, "<html>down</html>", "transient", null, null],
    [400, JSON.stringify({ error: "invalid_grant", error_description: "expired access/refresh token" }), "auth", "invalid_grant", null],
    [400, JSON.stringify({ error: "invalid_request", error_description: "invalid code verifier" }), "invalid_request", "invalid_request", null],
    [500, fault("INVALID_SESSION_ID", "INVALID_SESSION_ID: Invalid Session ID"), "auth", "INVALID_SESSION_ID", null],
    [500, fault("EXCEEDED_ID_LIMIT", "too many"), "invalid_request", "EXCEEDED_ID_LIMIT", null],
    [500, fault("UNKNOWN_EXCEPTION", "boom"), "transient", "UNKNOWN_EXCEPTION", null],
  ] as const)("%i %s → %s", (status, bodyText, kind, code, retryAfterMs) => {
    const err = classifySalesforceFailure({ operation: "op", method: "GET", path: "/p", status, bodyText, secrets: [] });
    expect([err.kind, err.code, err.retryAfterMs, err.vendor, err.status]).toEqual([kind, code, retryAfterMs, "salesforce", status]);
  });

  it("keeps the fields at fault and strips secrets from the message and the excerpt", () => {
    const bodyText = JSON.stringify([{ message: "Bad value for 00Dsecret!token", errorCode: "REQUIRED_FIELD_MISSING", fields: ["LastName"] }]);
    const err = classifySalesforceFailure({ operation: "op", method: "POST", path: "/p", status: 400, bodyText, secrets: ["00Dsecret!token"] });
    expect(err.fields).toEqual(["LastName"]);
    expect(err.message).toContain("REQUIRED_FIELD_MISSING");
    expect(err.message).not.toContain("00Dsecret!token");
    expect(err.bodySnippet).not.toContain("00Dsecret!token");
  });
});

describe("parseSalesforceErrors", () => {
  it("reads errorCode and statusCode shapes alike", () => {
    expect(parseSalesforceErrors(JSON.stringify({ statusCode: "DUPLICATE_VALUE", message: "dup", fields: ["RequestId__c"] }))).toEqual([
      { code: "DUPLICATE_VALUE", message: "dup", fields: ["RequestId__c"] },
    ]);
    expect(parseSalesforceErrors(rest("MALFORMED_ID", ["Id"]))).toEqual([{ code: "MALFORMED_ID", message: "MALFORMED_ID happened", fields: ["Id"] }]);
    expect(parseSalesforceErrors("not json")).toEqual([]);
  });
});
