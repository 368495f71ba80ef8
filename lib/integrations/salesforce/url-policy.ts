import { env } from "@/lib/env";
import { parseAllowedBaseUrls } from "@/lib/vitally/connection";

/**
 * Where Ferry may send a Salesforce token or call: Salesforce's own hosts (login hosts, My Domain
 * and instance hosts under salesforce.com and force.com, https on the default port only), the
 * emulator Ferry runs beside itself, and base URLs an operator lists. The token response's
 * `instance_url` and `id` come from the network, so they are checked here before Ferry uses them.
 */
export type SalesforceUrlPolicy = { sandboxUrl: string | null; extraAllowed: string[] };

export type Environment = "production" | "sandbox";

export const SALESFORCE_LOGIN_URLS: Record<Environment, string> = {
  production: "https://login.salesforce.com",
  sandbox: "https://test.salesforce.com",
};

export function salesforceUrlPolicy(): SalesforceUrlPolicy {
  const e = env();
  return {
    sandboxUrl: e.SALESFORCE_SANDBOX_URL?.replace(/\/+$/, "") ?? null,
    extraAllowed: parseAllowedBaseUrls(e.SALESFORCE_ALLOWED_BASE_URLS).urls,
  };
}

function isSalesforceHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "salesforce.com" || host.endsWith(".salesforce.com") || host.endsWith(".force.com");
}

function underBase(url: URL, base: string): boolean {
  let allowed: URL;
  try {
    allowed = new URL(base);
  } catch {
    return false;
  }
  if (allowed.protocol !== url.protocol || allowed.host !== url.host) return false;
  const prefix = allowed.pathname.replace(/\/+$/, "");
  return prefix === "" || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

export type UrlCheck = { allowed: true; url: URL } | { allowed: false; reason: string };

/** Whether Ferry may call `value` (a login URL, an instance URL or an identity URL). */
export function checkSalesforceUrl(value: string, policy: SalesforceUrlPolicy = salesforceUrlPolicy()): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { allowed: false, reason: "not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { allowed: false, reason: `scheme ${url.protocol} is not allowed` };
  if (url.username || url.password) return { allowed: false, reason: "credentials in the URL are not allowed" };
  if (isSalesforceHost(url.hostname)) {
    if (url.protocol !== "https:") return { allowed: false, reason: "Salesforce hosts are only called over https" };
    if (url.port) return { allowed: false, reason: "Salesforce hosts are only called on the default port" };
    return { allowed: true, url };
  }
  const listed = [policy.sandboxUrl, ...policy.extraAllowed].filter((u): u is string => Boolean(u));
  if (listed.some((base) => underBase(url, base))) return { allowed: true, url };
  return { allowed: false, reason: `${url.host} is not a Salesforce host, the emulator, or listed in SALESFORCE_ALLOWED_BASE_URLS` };
}

/** Whether `value` is on the emulator Ferry runs beside itself (its data can be browsed in Ferry). */
export function isEmulatorUrl(value: string, policy: SalesforceUrlPolicy = salesforceUrlPolicy()): boolean {
  if (!policy.sandboxUrl) return false;
  try {
    return new URL(value).origin === new URL(policy.sandboxUrl).origin;
  } catch {
    return false;
  }
}

/** The login host of an environment: Salesforce's, or the emulator's path-style equivalent. */
export function loginUrlFor(input: { environment: Environment; emulator: boolean }, policy: SalesforceUrlPolicy = salesforceUrlPolicy()): string | null {
  if (!input.emulator) return SALESFORCE_LOGIN_URLS[input.environment];
  if (!policy.sandboxUrl) return null;
  return `${policy.sandboxUrl}/${input.environment === "production" ? "login" : "test"}`;
}
