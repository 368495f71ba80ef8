import { describe, expect, it } from "vitest";
import { fieldErrorsFromIssues } from "@/lib/errors";
import {
  basicAuthHeader,
  checkVitallyBaseUrl,
  isAllowedVitallyBaseUrl,
  normaliseVitallyApiKey,
  normaliseVitallyApiUrl,
  parseAllowedBaseUrls,
  vitallyConnectionInput,
  type VitallyEndpoint,
} from "./connection";

const SANDBOX = "http://127.0.0.1:4010";
const policy = { sandboxUrl: SANDBOX, extraAllowed: ["https://vitally-proxy.staging.example.com/api"] };

describe("normaliseVitallyApiUrl: accepted", () => {
  const us = (sub: string): VitallyEndpoint => ({ baseUrl: `https://${sub}.rest.vitally.io`, region: "us", subdomain: sub });
  const eu: VitallyEndpoint = { baseUrl: "https://rest.vitally-eu.io", region: "eu", subdomain: null };
  it.each<[string, VitallyEndpoint]>([
    ["https://acme.rest.vitally.io", us("acme")],
    ["https://acme.rest.vitally.io/", us("acme")],
    ["https://acme.rest.vitally.io/resources/accounts?limit=1", us("acme")],
    ["  HTTPS://Acme.REST.Vitally.io  ", us("acme")],
    ["http://acme.rest.vitally.io", us("acme")],
    ["acme.rest.vitally.io/resources", us("acme")],
    ["acme", us("acme")],
    ["my-company-2", us("my-company-2")],
    ['"https://acme.rest.vitally.io"', us("acme")],
    ["https://acme.vitally.io/accounts", us("acme")],
    ["https://rest.vitally-eu.io", eu],
    ["https://rest.vitally-eu.io/resources/users", eu],
    ["rest.vitally-eu.io", eu],
    ["https://acme.rest.vitally-eu.io", eu],
    [`${SANDBOX}/`, { baseUrl: SANDBOX, region: "custom", subdomain: null }],
    [`${SANDBOX}/s/acme/resources/accounts`, { baseUrl: `${SANDBOX}/s/acme`, region: "custom", subdomain: "acme" }],
    [
      "https://vitally-proxy.staging.example.com/api/",
      { baseUrl: "https://vitally-proxy.staging.example.com/api", region: "custom", subdomain: null },
    ],
  ])("%s", (input, expected) => {
    expect(normaliseVitallyApiUrl(input, policy)).toEqual({ ok: true, value: expected });
  });

  it("reads the sandbox workspace from a <subdomain>.localhost host", () => {
    const result = normaliseVitallyApiUrl("http://acme.localhost:4010", { sandboxUrl: "http://acme.localhost:4010" });
    expect(result).toEqual({ ok: true, value: { baseUrl: "http://acme.localhost:4010", region: "custom", subdomain: "acme" } });
  });
});

describe("normaliseVitallyApiUrl: refused, with a precise message", () => {
  it.each<[string, RegExp]>([
    ["", /Enter your Vitally API URL/],
    ["https://example.com", /not a Vitally API URL/],
    ["https://acme.rest.vitally.io.evil.com", /not a Vitally API URL/],
    ["https://rest.vitally.io", /Add your subdomain in front/],
    ["https://a.b.rest.vitally.io", /single name before \.rest\.vitally\.io/],
    ["https://acme.api.vitally.io/analytics/v1", /Analytics API.*https:\/\/acme\.rest\.vitally\.io/],
    ["https://docs.vitally.io/en/articles/1", /Vitally web page/],
    ["https://www.vitally.io", /Vitally web page/],
    ["ftp://acme.rest.vitally.io", /must start with https/],
    ["https://user:pw@acme.rest.vitally.io", /Remove the user name and password/],
    ["acme_corp", /not a valid Vitally subdomain/],
    ["-acme", /not a valid Vitally subdomain/],
    ["https://acme rest.vitally.io", /contains spaces/],
    ["http://127.0.0.1:9999", /not a Vitally API URL/],
    ["http://[::1]:4010", /not a Vitally API URL/],
    ["https://vitally-proxy.staging.example.com/other", /not a Vitally API URL/],
  ])("%s", (input, message) => {
    const result = normaliseVitallyApiUrl(input, policy);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("normaliseVitallyApiKey", () => {
  const key = "sk_live_0123456789abcdef";
  const header = basicAuthHeader(key);

  it("produces the header Vitally documents", () => {
    expect(basicAuthHeader("secret_key")).toBe("Basic c2VjcmV0X2tleTo=");
  });

  it.each([
    [key],
    [`  ${key}\n`],
    [header],
    [`basic ${header.slice(6)}`],
    [`Authorization: ${header}`],
    [header.slice(6)],
    [`"${header}"`],
  ])("accepts %j", (input) => {
    expect(normaliseVitallyApiKey(input)).toEqual({ ok: true, value: key });
  });

  it.each<[string, RegExp]>([
    ["", /Paste the Secret Token or the Basic Auth Header/],
    ["Bearer sk_live_0123456789abcdef", /not Bearer/],
    ["Basic", /no value after "Basic"/],
    ["Basic ***not-base64***", /looks like a Basic header but does not decode/],
    [`Basic ${Buffer.from("sk_live_0123456789").toString("base64")}`, /does not decode to "<key>:"/],
    [`Basic ${Buffer.from("sk_live_0123456789:pw").toString("base64")}`, /carries a password/],
    [`Basic ${Buffer.from("short:").toString("base64")}`, /decodes to a key that is too short/],
    ["sk_live_01 23456789", /contains spaces/],
    ["abc", /too short/],
    ["sk_live_é0123456789", /characters a Vitally API key does not have/],
    ["x".repeat(600), /too long/],
  ])("refuses %j", (input, message) => {
    const result = normaliseVitallyApiKey(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message).not.toContain("0123456789");
    }
  });
});

describe("vitallyConnectionInput", () => {
  it("parses the form into a connection", () => {
    const parsed = vitallyConnectionInput().parse({ apiUrl: "acme", auth: basicAuthHeader("sk_live_abcdefgh1234") });
    expect(parsed).toEqual({ baseUrl: "https://acme.rest.vitally.io", region: "us", subdomain: "acme", apiKey: "sk_live_abcdefgh1234" });
  });

  it("reports each field at fault", () => {
    const result = vitallyConnectionInput().safeParse({ apiUrl: "https://example.com", auth: "Bearer x" });
    expect(result.success).toBe(false);
    const fields = fieldErrorsFromIssues(result.error!.issues);
    expect(Object.keys(fields).sort()).toEqual(["apiUrl", "auth"]);
    expect(fields.apiUrl![0]).toMatch(/not a Vitally API URL/);
    expect(vitallyConnectionInput().safeParse({ apiUrl: 3 }).error!.issues.map((i) => i.path[0])).toEqual(["apiUrl", "auth"]);
  });
});

describe("isAllowedVitallyBaseUrl", () => {
  it.each<[string, boolean]>([
    ["https://acme.rest.vitally.io", true],
    ["https://rest.vitally-eu.io", true],
    ["http://acme.rest.vitally.io", false],
    ["https://acme.rest.vitally.io:8443", false],
    ["https://evil.com", false],
    ["https://acme.rest.vitally.io.evil.com", false],
    ["https://a.b.rest.vitally.io", false],
    ["https://rest.vitally.io", false],
    ["https://user:pw@acme.rest.vitally.io", false],
    ["https://acme.rest.vitally.io?x=1", false],
    ["file:///etc/passwd", false],
    ["not a url", false],
    [SANDBOX, true],
    [`${SANDBOX}/s/acme`, true],
    ["http://127.0.0.1:4011", false],
    ["https://127.0.0.1:4010", false],
    ["http://localhost:4010", false],
    ["http://169.254.169.254/latest", false],
    ["https://vitally-proxy.staging.example.com/api", true],
    ["https://vitally-proxy.staging.example.com/api/v2", true],
    ["https://vitally-proxy.staging.example.com/apiary", false],
    ["https://vitally-proxy.staging.example.com", false],
  ])("%s → %s", (url, allowed) => {
    expect(isAllowedVitallyBaseUrl(url, policy)).toBe(allowed);
  });

  it("allows nothing but real Vitally hosts without a policy", () => {
    expect(isAllowedVitallyBaseUrl(SANDBOX)).toBe(false);
    expect(checkVitallyBaseUrl("http://10.0.0.1")).toEqual({
      allowed: false,
      reason: "IP addresses are only allowed when listed in VITALLY_ALLOWED_BASE_URLS",
    });
  });
});

describe("parseAllowedBaseUrls", () => {
  it("keeps plain http(s) base URLs and sets the rest apart", () => {
    expect(parseAllowedBaseUrls(" https://proxy.example.com/api/ , http://10.0.0.5:8080,ftp://x, https://u:p@h.com, ,nope")).toEqual({
      urls: ["https://proxy.example.com/api", "http://10.0.0.5:8080"],
      invalid: ["ftp://x", "https://u:p@h.com", "nope"],
    });
    expect(parseAllowedBaseUrls("")).toEqual({ urls: [], invalid: [] });
  });
});
