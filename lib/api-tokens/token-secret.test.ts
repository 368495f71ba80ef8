import { describe, expect, it } from "vitest";
import { displayPrefix, generateTokenSecret, hashToken, looksLikeToken } from "./token-secret";

describe("API token secrets", () => {
  it("are fry_ plus 40 base62 characters, and unique", () => {
    const secrets = new Set(Array.from({ length: 500 }, generateTokenSecret));
    expect(secrets.size).toBe(500);
    for (const s of secrets) {
      expect(s).toMatch(/^fry_[0-9A-Za-z]{40}$/);
      expect(looksLikeToken(s)).toBe(true);
    }
  });

  it("use the whole alphabet roughly evenly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of generateTokenSecret().slice(4)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (2000 * 40) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.25);
  });

  it("hash to a stable SHA-256 and show only a short prefix", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken("fry_abc")).not.toBe(hashToken("fry_abd"));
    expect(displayPrefix("fry_3k9xQ2abcdefghijklmnopqrstuvwxyz0123")).toBe("fry_3k9xQ2");
  });

  it("rejects what is not a token before any lookup", () => {
    for (const v of ["", "fry_", "fry_short", "Bearer fry_x", `frx_${"a".repeat(40)}`, `fry_${"a".repeat(39)}!`]) {
      expect(looksLikeToken(v)).toBe(false);
    }
  });
});
