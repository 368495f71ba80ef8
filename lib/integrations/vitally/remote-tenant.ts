import type { VitallyConnection } from "@/lib/vitally/connection";
import { keyFingerprint } from "@/lib/integrations/secrets";

/**
 * Which Vitally instance a connection points at. US workspaces are their subdomain; the EU host
 * is shared, so an EU instance is told apart by its key; a custom URL (sandbox, proxy) by its
 * base URL and sandbox workspace.
 */
export function vitallyRemoteTenant(conn: VitallyConnection): string {
  if (conn.region === "us") return `us:${conn.subdomain}`;
  if (conn.region === "eu") return `eu:${keyFingerprint(conn.apiKey)}`;
  return `custom:${conn.baseUrl.toLowerCase()}${conn.subdomain ? `#${conn.subdomain}` : `#${keyFingerprint(conn.apiKey)}`}`;
}

/** Words for the dashboard: "acme.rest.vitally.io", "EU (rest.vitally-eu.io)", "Sandbox (ferry-demo)". */
export function describeVitallyTenant(input: { baseUrl: string; isSandbox: boolean; remoteTenant: string }): string {
  const host = new URL(input.baseUrl).host;
  if (input.isSandbox) {
    const sub = input.remoteTenant.split("#")[1];
    return `Sandbox${sub && !/^[0-9a-f]{24}$/.test(sub) ? ` · ${sub}` : ""} (${host})`;
  }
  if (input.remoteTenant.startsWith("eu:")) return `EU data centre (${host})`;
  return host;
}
