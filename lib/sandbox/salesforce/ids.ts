import { createHash, randomBytes } from "node:crypto";

/**
 * Salesforce record ids (reference §6 #7): 15 case-sensitive characters (3-char key prefix, then
 * the rest) plus the 3-character case-insensitive checksum suffix that makes the 18-char form.
 * Prefixes are the real ones (Account 001, Contact 003, User 005, Org 00D, Profile 00e,
 * PermissionSet 0PS, CustomField 00N, CustomObject 01I); FieldPermissions 01k is the reference's GUESS.
 */

export const KEY_PREFIXES = {
  Account: "001",
  Contact: "003",
  User: "005",
  Organization: "00D",
  Profile: "00e",
  PermissionSet: "0PS",
  FieldPermissions: "01k",
  CustomField: "00N",
  CustomObject: "01I",
} as const;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The 3-character suffix: one character per 5-char chunk, a bit per upper-case letter. */
export function checksumSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += ALPHABET.charAt(bits);
  }
  return suffix;
}

function toId18(prefix: string, body: string): string {
  const id15 = `${prefix}${body}`.slice(0, 15);
  return id15 + checksumSuffix(id15);
}

function base62(bytes: Buffer, length: number): string {
  let out = "";
  for (let i = 0; i < length; i += 1) out += BASE62.charAt((bytes[i] ?? 0) % 62);
  return out;
}

/** A new random id with the prefix (12 random base-62 characters after it). */
export function newSalesforceId(prefix: string): string {
  return toId18(prefix, base62(randomBytes(12), 12));
}

/** A stable id derived from a name, so seeded ids survive restarts. */
export function stableSalesforceId(prefix: string, name: string): string {
  return toId18(prefix, base62(createHash("sha256").update(`ferry-sf:${name}`).digest(), 12));
}

/** 15- or 18-char id → 18-char id; null if it is not shaped like an id. */
export function normalizeId(value: string): string | null {
  if (/^[a-zA-Z0-9]{18}$/.test(value)) {
    const id15 = value.slice(0, 15);
    return checksumSuffix(id15) === value.slice(15).toUpperCase() ? id15 + checksumSuffix(id15) : null;
  }
  if (/^[a-zA-Z0-9]{15}$/.test(value)) return value + checksumSuffix(value);
  return null;
}
