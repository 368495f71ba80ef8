import type { LoginHost } from "./store";

/**
 * Which Salesforce host a request addresses (reference §2.2, §6 #3). Path prefixes work without
 * DNS; Host headers work for clients that can set one:
 * - login hosts: `/login/...` or Host `login.salesforce.com` / `login.localhost` → production;
 *   `/test/...` or Host `test.salesforce.com` / `test.localhost` → sandbox orgs;
 * - an org's instance (My Domain): `/i/<org-slug>/...` or Host `<slug>.my.salesforce.com` /
 *   `<slug>.localhost` — what `instance_url` points at;
 * - the bare host (`127.0.0.1:PORT`): a shared instance where the token alone picks the org.
 */

export type HostTarget =
  | { kind: "login"; loginHost: LoginHost; path: string; base: string }
  | { kind: "instance"; orgSlug: string | null; path: string; base: string };

function hostname(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  const colon = host.lastIndexOf(":");
  return colon === -1 || host.startsWith("[") ? host : host.slice(0, colon);
}

/** `origin` is the sandbox's own `http://host:port` as the client reached it. */
export function resolveHost(hostHeader: string | undefined, pathname: string, origin: string): HostTarget {
  const prefixed = /^\/(login|test)(\/.*)?$/.exec(pathname);
  if (prefixed) {
    const loginHost = prefixed[1] as LoginHost;
    return { kind: "login", loginHost, path: prefixed[2] ?? "/", base: `${origin}/${loginHost}` };
  }
  const instance = /^\/i\/([^/]+)(\/.*)?$/.exec(pathname);
  if (instance) {
    const slug = decodeURIComponent(instance[1] ?? "").toLowerCase();
    return { kind: "instance", orgSlug: slug, path: instance[2] ?? "/", base: `${origin}/i/${slug}` };
  }
  const name = hostHeader ? hostname(hostHeader) : "";
  for (const loginHost of ["login", "test"] as const) {
    if (name === `${loginHost}.salesforce.com` || name === `${loginHost}.localhost`) {
      return { kind: "login", loginHost, path: pathname, base: origin };
    }
  }
  const myDomain = /^([a-z0-9-]+)\.(my\.salesforce\.com|localhost)$/.exec(name);
  if (myDomain) return { kind: "instance", orgSlug: myDomain[1] ?? null, path: pathname, base: origin };
  return { kind: "instance", orgSlug: null, path: pathname, base: origin };
}
