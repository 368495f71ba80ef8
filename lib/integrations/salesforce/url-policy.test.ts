import { describe, expect, it } from "vitest";
import { checkSalesforceUrl, isEmulatorUrl, loginUrlFor, type SalesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

const none: SalesforceUrlPolicy = { sandboxUrl: null, extraAllowed: [] };
const withEmulator: SalesforceUrlPolicy = { sandboxUrl: "http://127.0.0.1:4020", extraAllowed: ["https://sf-proxy.internal.example/salesforce"] };

describe("checkSalesforceUrl", () => {
  it.each([
    "https://login.salesforce.com",
    "https://test.salesforce.com/services/oauth2/token",
    "https://acme.my.salesforce.com",
    "https://acme--uat.sandbox.my.salesforce.com",
    "https://na85.salesforce.com",
    "https://acme.lightning.force.com",
  ])("allows Salesforce's own host %s", (url) => {
    expect(checkSalesforceUrl(url, none).allowed).toBe(true);
  });

  it.each([
    ["http://login.salesforce.com", /over https/],
    ["https://login.salesforce.com:8443", /default port/],
    ["https://evil.example/login.salesforce.com", /not a Salesforce host/],
    ["https://salesforce.com.evil.example", /not a Salesforce host/],
    ["https://user:pw@acme.my.salesforce.com", /credentials/],
    ["ftp://acme.my.salesforce.com", /scheme/],
    ["http://127.0.0.1:4020/login", /not a Salesforce host/],
    ["not a url", /not a URL/],
  ])("refuses %s", (url, reason) => {
    const check = checkSalesforceUrl(url, none);
    expect(check.allowed).toBe(false);
    if (!check.allowed) expect(check.reason).toMatch(reason);
  });

  it("allows the emulator and operator-listed bases, and only under their path", () => {
    expect(checkSalesforceUrl("http://127.0.0.1:4020/i/ferry-demo", withEmulator).allowed).toBe(true);
    expect(checkSalesforceUrl("http://127.0.0.1:4021/i/ferry-demo", withEmulator).allowed).toBe(false);
    expect(checkSalesforceUrl("https://sf-proxy.internal.example/salesforce/login", withEmulator).allowed).toBe(true);
    expect(checkSalesforceUrl("https://sf-proxy.internal.example/other", withEmulator).allowed).toBe(false);
  });
});

describe("login URLs", () => {
  it("uses Salesforce's login hosts, or the emulator's login and test paths", () => {
    expect(loginUrlFor({ environment: "production", emulator: false }, withEmulator)).toBe("https://login.salesforce.com");
    expect(loginUrlFor({ environment: "sandbox", emulator: false }, withEmulator)).toBe("https://test.salesforce.com");
    expect(loginUrlFor({ environment: "production", emulator: true }, withEmulator)).toBe("http://127.0.0.1:4020/login");
    expect(loginUrlFor({ environment: "sandbox", emulator: true }, withEmulator)).toBe("http://127.0.0.1:4020/test");
    expect(loginUrlFor({ environment: "sandbox", emulator: true }, none)).toBeNull();
  });

  it("knows the emulator by its origin", () => {
    expect(isEmulatorUrl("http://127.0.0.1:4020/i/ferry-demo", withEmulator)).toBe(true);
    expect(isEmulatorUrl("https://acme.my.salesforce.com", withEmulator)).toBe(false);
    expect(isEmulatorUrl("http://127.0.0.1:4020/i/x", none)).toBe(false);
  });
});
