// Development-only values generated once per checkout and kept under .ferry/ (gitignored), so
// sessions survive restarts of `npm run dev` without anyone having to invent a secret.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Reads `.ferry/<name>`, creating it with a fresh random value (mode 0600) the first time. */
export function devSecret(stateDir, name, bytes = 32) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, name);
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (value.length >= 32) return value;
  }
  const value = randomBytes(bytes).toString("base64url");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}
