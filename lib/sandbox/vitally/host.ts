/**
 * Which workspace a request addresses (reference §1). Three ways in:
 * - subdomain host, like the US data centre: Host `acme.rest.vitally.io`, `acme.localhost:4010`,
 *   or any host with three or more labels (`acme.sandbox.internal`) → subdomain `acme`;
 * - path prefix, for clients that cannot choose a Host (tests, no wildcard DNS):
 *   `http://127.0.0.1:4010/s/acme/resources/...` → subdomain `acme`;
 * - shared host, like the EU data centre `rest.vitally-eu.io`: `localhost`, an IP address,
 *   `rest.vitally.io`, `rest.vitally-eu.io` or a one/two-label name → no subdomain; the key alone
 *   chooses the workspace.
 */

export type HostStyle = "subdomain" | "path" | "shared";

export interface ResolvedTarget {
  style: HostStyle;
  subdomain: string | null;
  /** The path below the optional `/s/<subdomain>` prefix, e.g. `/resources/accounts`. */
  apiPath: string;
  host: string;
}

const SHARED_HOSTS = new Set(["localhost", "rest.vitally.io", "rest.vitally-eu.io"]);
const VITALLY_SUFFIXES = [".rest.vitally.io", ".rest.vitally-eu.io"];

function hostname(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

export function subdomainOfHost(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const name = hostname(hostHeader);
  if (name.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return null;
  if (SHARED_HOSTS.has(name)) return null;
  const labels = name.split(".");
  for (const suffix of VITALLY_SUFFIXES) if (name.endsWith(suffix)) return labels[0] ?? null;
  if (name.endsWith(".localhost")) return labels[0] || null;
  return labels.length >= 3 ? labels[0] || null : null;
}

export function resolveTarget(hostHeader: string | undefined, pathname: string): ResolvedTarget {
  const host = hostHeader ?? "";
  const prefixed = /^\/s\/([^/]+)(\/.*)?$/.exec(pathname);
  if (prefixed) {
    return {
      style: "path",
      subdomain: decodeURIComponent(prefixed[1] ?? "").toLowerCase(),
      apiPath: prefixed[2] ?? "/",
      host,
    };
  }
  const subdomain = subdomainOfHost(hostHeader);
  return { style: subdomain ? "subdomain" : "shared", subdomain, apiPath: pathname, host };
}
