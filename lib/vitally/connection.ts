import { z } from "zod";

/**
 * What an admin pastes into "Connect Vitally", normalised, and the guard every outbound Vitally
 * call goes through. Hosts per the Vitally reference §1: US `https://<subdomain>.rest.vitally.io`,
 * EU `https://rest.vitally-eu.io` (shared, no subdomain). Auth per §2: the Secret Token, or the
 * Basic Auth Header Vitally shows next to it (`Basic base64("<key>:")`); both become the bare key.
 *
 * Besides real Vitally hosts, Ferry may call the configured sandbox URL (VITALLY_SANDBOX_URL) and
 * base URLs an operator lists in VITALLY_ALLOWED_BASE_URLS (a staging proxy, a test server). Those
 * are passed in as a policy; this module never reads the environment.
 */

export type VitallyRegion = "us" | "eu" | "custom";

export interface VitallyEndpoint {
  /** Origin (plus path prefix for custom URLs), no trailing slash; the client appends `/resources/...`. */
  baseUrl: string;
  region: VitallyRegion;
  /** The US workspace subdomain, or the sandbox workspace of a custom URL; null on the EU host. */
  subdomain: string | null;
}

export interface VitallyConnection extends VitallyEndpoint {
  apiKey: string;
}

export interface VitallyUrlPolicy {
  sandboxUrl?: string | null;
  extraAllowed?: ReadonlyArray<string>;
}

export type Normalised<T> = { ok: true; value: T } | { ok: false; message: string };

export const US_HOST_SUFFIX = ".rest.vitally.io";
export const EU_HOST = "rest.vitally-eu.io";
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** vitally.io names that are not a customer's login address. */
const NON_WORKSPACE_LABELS = new Set(["www", "docs", "help", "status", "blog", "rest", "api", "app"]);

const EXPECTED_SHAPE = "It should look like https://acme.rest.vitally.io (US data centre) or https://rest.vitally-eu.io (EU).";

function fail<T>(message: string): Normalised<T> {
  return { ok: false, message };
}

function stripWrapping(raw: string): string {
  let s = raw.trim();
  while (s.length >= 2 && /^["'<`]/.test(s) && /["'>`]$/.test(s)) s = s.slice(1, -1).trim();
  return s;
}

export function isVitallyUsHost(hostname: string): boolean {
  if (!hostname.endsWith(US_HOST_SUFFIX)) return false;
  return LABEL.test(hostname.slice(0, -US_HOST_SUFFIX.length));
}

export function isRealVitallyHost(hostname: string): boolean {
  return hostname === EU_HOST || isVitallyUsHost(hostname);
}

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || /^\d+$/.test(hostname);
}

/** Drops a pasted endpoint path (`/resources/accounts`), query, hash and trailing slashes. */
function basePathOf(pathname: string): string {
  const idx = pathname.search(/\/resources(\/|$)/);
  const base = idx === -1 ? pathname : pathname.slice(0, idx);
  return base.replace(/\/+$/, "");
}

/** The sandbox's own workspace conventions: `/s/<subdomain>` path prefix or `<subdomain>.localhost`. */
function customSubdomain(url: URL): string | null {
  const prefixed = /^\/s\/([^/]+)/.exec(url.pathname);
  if (prefixed?.[1]) return decodeURIComponent(prefixed[1]).toLowerCase();
  if (url.hostname.endsWith(".localhost")) return url.hostname.split(".")[0] || null;
  return null;
}

function matchesAllowedBase(url: URL, allowed: string): boolean {
  let base: URL;
  try {
    base = new URL(allowed);
  } catch {
    return false;
  }
  if (base.protocol !== url.protocol || base.host !== url.host) return false;
  if (base.username || base.password) return false;
  const prefix = base.pathname.replace(/\/+$/, "");
  return url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

export type BaseUrlCheck = { allowed: true } | { allowed: false; reason: string };

/**
 * The outbound guard. Allowed: https real Vitally hosts on the default port; the configured
 * sandbox URL; operator-listed base URLs (same scheme and host:port, path under theirs). Refused:
 * other schemes, credentials in the URL, queries/fragments, and every other host, which includes
 * IP literals and `localhost` unless they are exactly the sandbox or an operator-listed URL.
 */
export function checkVitallyBaseUrl(url: string, policy: VitallyUrlPolicy = {}): BaseUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: "not a URL" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return { allowed: false, reason: `scheme ${parsed.protocol} is not allowed` };
  if (parsed.username || parsed.password) return { allowed: false, reason: "credentials in the URL are not allowed" };
  if (parsed.search || parsed.hash) return { allowed: false, reason: "a base URL has no query or fragment" };
  if (isRealVitallyHost(parsed.hostname)) {
    if (parsed.protocol !== "https:") return { allowed: false, reason: "Vitally hosts are only called over https" };
    if (parsed.port) return { allowed: false, reason: "Vitally hosts are only called on the default port" };
    return { allowed: true };
  }
  const listed = [policy.sandboxUrl, ...(policy.extraAllowed ?? [])].filter((u): u is string => Boolean(u));
  if (listed.some((allowed) => matchesAllowedBase(parsed, allowed))) return { allowed: true };
  if (isIpLiteral(parsed.hostname)) return { allowed: false, reason: "IP addresses are only allowed when listed in VITALLY_ALLOWED_BASE_URLS" };
  return { allowed: false, reason: `${parsed.hostname} is not a Vitally host, the sandbox, or listed in VITALLY_ALLOWED_BASE_URLS` };
}

export function isAllowedVitallyBaseUrl(url: string, policy: VitallyUrlPolicy = {}): boolean {
  return checkVitallyBaseUrl(url, policy).allowed;
}

/** Splits VITALLY_ALLOWED_BASE_URLS; entries that are not plain http(s) URLs are returned apart. */
export function parseAllowedBaseUrls(value: string): { urls: string[]; invalid: string[] } {
  const urls: string[] = [];
  const invalid: string[] = [];
  for (const entry of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      const u = new URL(entry);
      if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password || u.search || u.hash) {
        invalid.push(entry);
        continue;
      }
      urls.push(`${u.origin}${u.pathname.replace(/\/+$/, "")}`);
    } catch {
      invalid.push(entry);
    }
  }
  return { urls, invalid };
}

function usEndpoint(subdomain: string): Normalised<VitallyEndpoint> {
  const sub = subdomain.toLowerCase();
  if (!LABEL.test(sub)) {
    return fail(`"${subdomain}" is not a valid Vitally subdomain (letters, digits and dashes). ${EXPECTED_SHAPE}`);
  }
  return { ok: true, value: { baseUrl: `https://${sub}${US_HOST_SUFFIX}`, region: "us", subdomain: sub } };
}

/**
 * Accepts a full US URL (any path, trailing slash, or http), a bare subdomain (`acme`), the
 * customer's login address (`acme.vitally.io`, whose first label is the API subdomain per the
 * reference §1), the EU host, or a sandbox / operator-allowed URL.
 */
export function normaliseVitallyApiUrl(raw: string, policy: VitallyUrlPolicy = {}): Normalised<VitallyEndpoint> {
  const input = stripWrapping(raw);
  if (!input) return fail(`Enter your Vitally API URL. ${EXPECTED_SHAPE}`);
  if (/\s/.test(input)) return fail(`The API URL contains spaces. ${EXPECTED_SHAPE}`);
  if (!input.includes("://") && !input.includes(".") && !input.includes("/")) return usEndpoint(input);

  let url: URL;
  try {
    url = new URL(input.includes("://") ? input : `https://${input}`);
  } catch {
    return fail(`That is not a URL. ${EXPECTED_SHAPE}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return fail(`The API URL must start with https://. ${EXPECTED_SHAPE}`);
  if (url.username || url.password) {
    return fail("Remove the user name and password from the URL; paste the API key under Authentication instead.");
  }
  const host = url.hostname.replace(/\.$/, "");

  if (host === EU_HOST || host.endsWith(`.${EU_HOST}`)) {
    return { ok: true, value: { baseUrl: `https://${EU_HOST}`, region: "eu", subdomain: null } };
  }
  if (host === "rest.vitally.io") {
    return fail("Add your subdomain in front: https://<subdomain>.rest.vitally.io, where <subdomain> is the first part of your Vitally login address (acme in acme.vitally.io).");
  }
  if (host.endsWith(US_HOST_SUFFIX)) {
    const sub = host.slice(0, -US_HOST_SUFFIX.length);
    if (!LABEL.test(sub)) return fail(`Vitally API hosts have a single name before .rest.vitally.io. ${EXPECTED_SHAPE}`);
    return usEndpoint(sub);
  }
  if (host.endsWith(".api.vitally.io")) {
    return fail(`That is Vitally's Analytics API; Ferry uses the REST API: https://${host.split(".")[0]}${US_HOST_SUFFIX}.`);
  }
  if (host.endsWith(".vitally.io") && host.split(".").length === 3) {
    const sub = host.split(".")[0] ?? "";
    if (!NON_WORKSPACE_LABELS.has(sub)) return usEndpoint(sub);
  }
  if (host === "vitally.io" || host.endsWith(".vitally.io")) {
    return fail(`That is a Vitally web page, not your API URL. ${EXPECTED_SHAPE}`);
  }

  const baseUrl = `${url.origin}${basePathOf(url.pathname)}`;
  if (isAllowedVitallyBaseUrl(baseUrl, policy)) {
    return { ok: true, value: { baseUrl, region: "custom", subdomain: customSubdomain(url) } };
  }
  return fail(`This is not a Vitally API URL. ${EXPECTED_SHAPE}`);
}

const KEY_CHARS = /^[\x21-\x7e]+$/;

function checkKey(key: string, source: "header" | "key"): Normalised<string> {
  const from = source === "header" ? "The Basic header decodes to a key that" : "The key";
  if (key.length < 8) return fail(`${from} is too short to be a Vitally API key; copy the Secret Token again.`);
  if (key.length > 512) return fail(`${from} is too long to be a Vitally API key.`);
  if (!KEY_CHARS.test(key) || key.includes(":")) {
    return fail(`${from} contains characters a Vitally API key does not have (spaces, colons or non-ASCII); copy it again.`);
  }
  return { ok: true, value: key };
}

/** Decodes strict base64; null when the text is not base64 or does not decode to printable text. */
function decodeBase64Text(value: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 === 1) return null;
  const bytes = Buffer.from(value, "base64");
  if (bytes.toString("base64").replace(/=+$/, "") !== value.replace(/=+$/, "")) return null;
  const text = bytes.toString("utf8");
  return /^[\x20-\x7e]*$/.test(text) ? text : null;
}

/**
 * Accepts the Secret Token (`sk_live_…`), the Basic Auth Header (`Basic c2tfbGl2ZV8…`, with or
 * without an `Authorization:` prefix), or the header's value without `Basic `.
 */
export function normaliseVitallyApiKey(raw: string): Normalised<string> {
  const input = stripWrapping(raw).replace(/^authorization\s*:\s*/i, "").trim();
  if (!input) {
    return fail("Paste the Secret Token or the Basic Auth Header from Vitally (Settings → Integrations → Vitally REST API).");
  }
  if (/^bearer(\s|$)/i.test(input)) {
    return fail("Vitally uses Basic authentication, not Bearer. Paste the Basic Auth Header or the Secret Token.");
  }
  const basic = /^basic(?:\s+(.*))?$/i.exec(input);
  if (basic) {
    const value = (basic[1] ?? "").trim();
    if (!value) return fail("The Basic header has no value after \"Basic\"; copy the whole Basic Auth Header from Vitally.");
    const decoded = decodeBase64Text(value);
    if (decoded === null) {
      return fail("This looks like a Basic header but does not decode (it is not valid base64); copy the whole Basic Auth Header again.");
    }
    const colon = decoded.indexOf(":");
    if (colon === -1) {
      return fail("This looks like a Basic header but does not decode to \"<key>:\"; paste the Secret Token instead.");
    }
    if (decoded.slice(colon + 1) !== "") {
      return fail("This Basic header carries a password; Vitally's header is the key with an empty password. Paste the Secret Token instead.");
    }
    return checkKey(decoded.slice(0, colon), "header");
  }
  if (/\s/.test(input)) return fail("The key contains spaces; copy the Secret Token again.");
  const decoded = decodeBase64Text(input);
  if (decoded && /^[\x21-\x7e]{8,}:$/.test(decoded) && !decoded.slice(0, -1).includes(":")) {
    return checkKey(decoded.slice(0, -1), "header");
  }
  return checkKey(input, "key");
}

/** `Authorization` value for a key: the key as user name, empty password (reference §2). */
export function basicAuthHeader(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`, "utf8").toString("base64")}`;
}

/** The connect form's input, parsed into a connection; issues name `apiUrl` or `auth`. */
export function vitallyConnectionInput(policy: VitallyUrlPolicy = {}) {
  return z
    .object({
      apiUrl: z.string({ error: "Enter your Vitally API URL." }),
      auth: z.string({ error: "Paste your Vitally API key." }),
    })
    .transform((input, ctx): VitallyConnection => {
      const endpoint = normaliseVitallyApiUrl(input.apiUrl, policy);
      const key = normaliseVitallyApiKey(input.auth);
      if (!endpoint.ok) ctx.addIssue({ code: "custom", path: ["apiUrl"], message: endpoint.message });
      if (!key.ok) ctx.addIssue({ code: "custom", path: ["auth"], message: key.message });
      if (!endpoint.ok || !key.ok) return z.NEVER;
      return { ...endpoint.value, apiKey: key.value };
    });
}
export type VitallyConnectionInput = z.input<ReturnType<typeof vitallyConnectionInput>>;
