import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  maskSecret,
  needsReencryption,
  parseEncryptionKeys,
  SecretBoxError,
  secretKey,
} from "./secret-box";

const newKey = () => secretKey(randomBytes(32));

function errorOf(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SecretBoxError) return err;
    throw err;
  }
  throw new Error("expected a SecretBoxError");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, with a fresh IV each time", () => {
    const keys = [newKey()];
    const a = encryptSecret("sk_live_ferry_demo", keys);
    const b = encryptSecret("sk_live_ferry_demo", keys);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain("ferry_demo");
    expect(decryptSecret(a, keys)).toBe("sk_live_ferry_demo");
    expect(decryptSecret(encryptSecret("", keys), keys)).toBe("");
    expect(decryptSecret(encryptSecret("ünïcødé ✓", keys), keys)).toBe("ünïcødé ✓");
  });

  it("detects any change to the ciphertext, tag or IV", () => {
    const keys = [newKey()];
    const envelope = encryptSecret("sk_live_secret_value", keys);
    const parts = envelope.split(".");
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index]!, "base64url");
      bytes[0] = bytes[0]! ^ 0x01;
      tampered[index] = bytes.toString("base64url");
      expect(errorOf(() => decryptSecret(tampered.join("."), keys)).code).toBe("undecryptable");
    }
  });

  it("binds the context: a secret moved to another record does not decrypt", () => {
    const keys = [newKey()];
    const envelope = encryptSecret("sk_live_x", keys, "integration-1");
    expect(decryptSecret(envelope, keys, "integration-1")).toBe("sk_live_x");
    expect(errorOf(() => decryptSecret(envelope, keys, "integration-2")).code).toBe("undecryptable");
  });

  it("refuses a key it does not have, and a wrong key with the same id", () => {
    const envelope = encryptSecret("sk_live_x", [newKey()]);
    const unknown = errorOf(() => decryptSecret(envelope, [newKey()]));
    expect(unknown.code).toBe("unknown_key");
    const forged = { id: envelope.split(".")[1]!, key: randomBytes(32) };
    expect(errorOf(() => decryptSecret(envelope, [forged])).code).toBe("undecryptable");
  });

  it("rejects malformed envelopes", () => {
    const keys = [newKey()];
    for (const bad of ["", "plain", "v2.abcdef01.a.b.c", "v1.xyz.a.b.c", "v1.abcdef01.!!.b.c", "v1.abcdef01.AAAA.AAAA.AAAA"]) {
      expect(errorOf(() => decryptSecret(bad, keys)).code).toBe("malformed");
    }
  });

  it("rotates: the first key encrypts, all decrypt, old envelopes are flagged for re-encryption", () => {
    const oldKey = newKey();
    const current = newKey();
    const before = encryptSecret("sk_live_rotate_me", [oldKey]);
    const keys = [current, oldKey];
    expect(decryptSecret(before, keys)).toBe("sk_live_rotate_me");
    expect(needsReencryption(before, keys)).toBe(true);
    const after = encryptSecret(decryptSecret(before, keys), keys);
    expect(after.split(".")[1]).toBe(current.id);
    expect(needsReencryption(after, keys)).toBe(false);
    expect(decryptSecret(after, [current])).toBe("sk_live_rotate_me");
  });
});

describe("parseEncryptionKeys", () => {
  const b64 = () => randomBytes(32).toString("base64");

  it("parses a comma-separated list, newest first", () => {
    const [a, b] = [b64(), b64()];
    const keys = parseEncryptionKeys(` ${a} , ${b},`);
    expect(keys).toHaveLength(2);
    expect(keys[0]!.key.equals(Buffer.from(a, "base64"))).toBe(true);
    expect(keys[0]!.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it("accepts the development key of lib/env", () => {
    expect(parseEncryptionKeys("ZmVycnktZGV2LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=")).toHaveLength(1);
  });

  it("names the bad entry without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const err = errorOf(() => parseEncryptionKeys(`${b64()},${short}`));
    expect(err.message).toContain("#2");
    expect(err.message).toContain("16 bytes");
    expect(err.message).not.toContain(short);
    expect(errorOf(() => parseEncryptionKeys("not base64!")).message).toContain("#1 is not base64");
    expect(errorOf(() => parseEncryptionKeys(" , ")).code).toBe("invalid_keys");
    const same = b64();
    expect(errorOf(() => parseEncryptionKeys(`${same},${same}`)).message).toContain("twice");
  });
});

describe("maskSecret", () => {
  it.each([
    ["sk_live_abcd1234efgh5678wxyz", "sk_live_…wxyz"],
    ["sk_test_0123456789abcdef", "sk_test_…cdef"],
    ["0123456789abcdefghij", "…ghij"],
    ["sk_live_short", "sk_live_…"],
    ["tiny", "…"],
  ])("%s → %s", (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});
