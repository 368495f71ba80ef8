import { createHash, randomBytes } from "node:crypto";

/**
 * API token secrets: "fry_" + 40 random base62 characters (≈238 bits). Only the SHA-256 of the
 * whole secret and a short display prefix are stored; a fast hash is right here because the secret
 * is random, not a password.
 */
export const TOKEN_PREFIX = "fry_";
const BODY_LENGTH = 40;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TOKEN_PATTERN = /^fry_[0-9A-Za-z]{32,64}$/;
/** How many characters of the secret are kept to tell tokens apart ("fry_3k9xQ2"). */
export const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export function generateTokenSecret(): string {
  let body = "";
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(BODY_LENGTH * 2)) {
      // 248 = 4 × 62: rejecting bytes above it keeps every character equally likely.
      if (byte < 248 && body.length < BODY_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  return TOKEN_PREFIX + body;
}

export const looksLikeToken = (value: string) => TOKEN_PATTERN.test(value);

export const hashToken = (secret: string) => createHash("sha256").update(secret).digest("hex");

export const displayPrefix = (secret: string) => secret.slice(0, DISPLAY_PREFIX_LENGTH);
