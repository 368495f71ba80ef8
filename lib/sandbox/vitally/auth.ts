import { SandboxHttpError } from "./errors";
import type { KeyEntry, SandboxStore } from "./store";

/**
 * Vitally's authentication (reference §2): `Authorization: Basic base64("<key>:")`, the API key as
 * the username and an empty password.
 */

export const MISSING_AUTH_BODY = { error: "Authorization header not present." } as const;
/** The reference's GUESS for the text of a wrong key (§6). */
export const INVALID_AUTH_BODY = { error: "Unauthorized" } as const;

export function basicAuthHeader(key: string, password = ""): string {
  return `Basic ${Buffer.from(`${key}:${password}`).toString("base64")}`;
}

/**
 * Resolves the key of a request. `strict` rejects a non-empty Basic password (the reference leaves
 * it open, §16 q13); lenient mode ignores the password.
 */
export function authenticate(
  header: string | undefined,
  store: SandboxStore,
  strict: boolean,
): KeyEntry {
  if (!header || header.trim() === "") throw new SandboxHttpError(401, { ...MISSING_AUTH_BODY });
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header.trim());
  if (!match) throw new SandboxHttpError(401, { ...INVALID_AUTH_BODY });
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const key = colon === -1 ? decoded : decoded.slice(0, colon);
  const password = colon === -1 ? "" : decoded.slice(colon + 1);
  if (strict && (colon === -1 || password !== "")) throw new SandboxHttpError(401, { ...INVALID_AUTH_BODY });
  const entry = key ? store.keys.get(key) : undefined;
  if (!entry || entry.revoked) throw new SandboxHttpError(401, { ...INVALID_AUTH_BODY });
  return entry;
}
