import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Authenticated encryption of credentials at rest (AES-256-GCM).
 *
 * Envelope: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, parts base64url, `keyId` = 8 hex chars of
 * SHA-256 over a label and the key (names the key without revealing it). Keys come as a list,
 * newest first: the first encrypts, every key decrypts, so rotation is "prepend the new key,
 * re-encrypt what `needsReencryption` reports, then drop the old key".
 *
 * An optional `context` (for example the integration id) is bound as additional authenticated
 * data: a ciphertext copied onto another record does not decrypt there.
 */

export interface SecretKey {
  id: string;
  key: Buffer;
}

export type SecretBoxErrorCode = "malformed" | "unknown_key" | "undecryptable" | "invalid_keys";

export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SecretBoxError";
  }
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("ferry-secret-box-key-id:").update(key).digest("hex").slice(0, 8);
}

export function secretKey(key: Buffer): SecretKey {
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError("invalid_keys", `An encryption key must be ${KEY_BYTES} bytes; got ${key.length}.`);
  }
  return { id: keyIdOf(key), key };
}

/**
 * Parses the comma-separated base64 value of FERRY_ENCRYPTION_KEYS (newest first). Each entry
 * must decode to exactly 32 bytes (`openssl rand -base64 32`). Errors name the entry by position,
 * never by value.
 */
export function parseEncryptionKeys(value: string): SecretKey[] {
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new SecretBoxError("invalid_keys", "No encryption key given (FERRY_ENCRYPTION_KEYS is empty).");
  const keys = entries.map((entry, index) => {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(entry)) {
      throw new SecretBoxError("invalid_keys", `Encryption key #${index + 1} is not base64.`);
    }
    const key = Buffer.from(entry, "base64");
    if (key.length !== KEY_BYTES) {
      throw new SecretBoxError(
        "invalid_keys",
        `Encryption key #${index + 1} decodes to ${key.length} bytes; it must be ${KEY_BYTES} (generate one with \`openssl rand -base64 32\`).`,
      );
    }
    return secretKey(key);
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new SecretBoxError("invalid_keys", "The same encryption key is listed twice.");
  return keys;
}

function b64url(buf: Buffer): string {
  return buf.toString("base64url");
}

function requireKeys(keys: ReadonlyArray<SecretKey>): SecretKey {
  const first = keys[0];
  if (!first) throw new SecretBoxError("invalid_keys", "No encryption key configured.");
  return first;
}

export function encryptSecret(plaintext: string, keys: ReadonlyArray<SecretKey>, context = ""): string {
  const { id, key } = requireKeys(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${VERSION}.${id}.${context}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, id, b64url(iv), b64url(cipher.getAuthTag()), b64url(ciphertext)].join(".");
}

interface Envelope {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseEnvelope(envelope: string): Envelope {
  const parts = envelope.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SecretBoxError("malformed", "Not a v1 secret envelope.");
  }
  const [, keyId = "", iv = "", tag = "", ciphertext = ""] = parts;
  const b64 = /^[A-Za-z0-9_-]*$/;
  if (!/^[0-9a-f]{8}$/.test(keyId) || ![iv, tag, ciphertext].every((p) => b64.test(p))) {
    throw new SecretBoxError("malformed", "The secret envelope is damaged.");
  }
  const parsed = {
    keyId,
    iv: Buffer.from(iv, "base64url"),
    tag: Buffer.from(tag, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretBoxError("malformed", "The secret envelope is damaged.");
  }
  return parsed;
}

export function decryptSecret(envelope: string, keys: ReadonlyArray<SecretKey>, context = ""): string {
  const parsed = parseEnvelope(envelope);
  const match = keys.find((k) => k.id === parsed.keyId);
  if (!match) {
    throw new SecretBoxError(
      "unknown_key",
      `This secret was encrypted with key ${parsed.keyId}, which is not among the configured keys; add it back to FERRY_ENCRYPTION_KEYS.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", match.key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}.${parsed.keyId}.${context}`, "utf8"));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("undecryptable", "The secret could not be decrypted: it was altered, or belongs to another record.");
  }
}

/** True when the envelope was not made with the current (first) key, so rotation should rewrite it. */
export function needsReencryption(envelope: string, keys: ReadonlyArray<SecretKey>): boolean {
  return parseEnvelope(envelope).keyId !== requireKeys(keys).id;
}

/**
 * A hint for the dashboard that reveals at most the key's public prefix and last 4 characters, and
 * only the prefix for keys shorter than 16 characters: `sk_live_abcd…wxyz` → `sk_live_…wxyz`.
 */
export function maskSecret(secret: string): string {
  const trimmed = secret.trim();
  const prefix = /^[a-z]{2,8}_(live|test)_/i.exec(trimmed)?.[0] ?? "";
  const rest = trimmed.slice(prefix.length);
  if (trimmed.length < 16 || rest.length < 8) return `${prefix}…`;
  return `${prefix}…${rest.slice(-4)}`;
}
