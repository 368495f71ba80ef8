import { env } from "@/lib/env";
import { parseAllowedBaseUrls, type VitallyUrlPolicy } from "@/lib/vitally/connection";

/** Where Ferry may send Vitally calls: real Vitally hosts, the sandbox, and operator-listed URLs. */
export function vitallyUrlPolicy(): VitallyUrlPolicy {
  const e = env();
  return { sandboxUrl: e.VITALLY_SANDBOX_URL ?? null, extraAllowed: parseAllowedBaseUrls(e.VITALLY_ALLOWED_BASE_URLS).urls };
}

export function isSandboxBaseUrl(baseUrl: string, policy: VitallyUrlPolicy = vitallyUrlPolicy()): boolean {
  if (!policy.sandboxUrl) return false;
  try {
    return new URL(baseUrl).origin === new URL(policy.sandboxUrl).origin;
  } catch {
    return false;
  }
}
