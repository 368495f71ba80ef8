import { createHash } from "node:crypto";
import { decryptSecret, encryptSecret, maskSecret, needsReencryption, parseEncryptionKeys, type SecretKey } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";

/**
 * Integration credentials at rest: AES-256-GCM with the keys in FERRY_ENCRYPTION_KEYS (first
 * encrypts, all decrypt), bound to the integration's workspace and provider so an envelope copied
 * to another row does not decrypt.
 */
let cached: { raw: string; keys: SecretKey[] } | undefined;
export function encryptionKeys(): SecretKey[] {
  const raw = env().FERRY_ENCRYPTION_KEYS;
  if (cached?.raw !== raw) cached = { raw, keys: parseEncryptionKeys(raw) };
  return cached.keys;
}

const context = (workspaceId: string, provider: string) => `integration:${workspaceId}:${provider}`;

export function sealCredentials(plain: string, workspaceId: string, provider: string, keys = encryptionKeys()): string {
  return encryptSecret(plain, keys, context(workspaceId, provider));
}

export function openCredentials(envelope: string, workspaceId: string, provider: string, keys = encryptionKeys()): string {
  return decryptSecret(envelope, keys, context(workspaceId, provider));
}

export function credentialsNeedRotation(envelope: string, keys = encryptionKeys()): boolean {
  return needsReencryption(envelope, keys);
}

export { maskSecret };

/** A stable fingerprint of an API key: the rate-budget key shared by every call made with it. */
export function keyFingerprint(apiKey: string): string {
  return createHash("sha256").update("ferry-key-fingerprint:").update(apiKey).digest("hex").slice(0, 24);
}
