import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/**
 * One e2e run's settings, decided once in the Playwright runner process (when the config is
 * loaded) and passed to the web server and to every worker through the environment — workers
 * load the config again and must see the same database, not a new random one.
 */
function once(name: string, make: () => string): string {
  process.env[name] ||= make();
  return process.env[name] as string;
}

/** A free loopback port, found synchronously (the config module cannot await). */
function freePort(): string {
  return execFileSync(
    process.execPath,
    ["-e", "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
    { encoding: "utf8" },
  ).trim();
}

export function e2eSettings() {
  const port = Number(once("E2E_PORT", () => "3100"));
  const adminUrl = once("E2E_DATABASE_ADMIN_URL", () => "postgresql://postgres@127.0.0.1:5432/postgres");
  const databaseName = once("E2E_DATABASE_NAME", () => `ferry_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const stubPort = Number(once("E2E_INNGEST_STUB_PORT", freePort));
  const sandboxPort = Number(once("E2E_VITALLY_SANDBOX_PORT", freePort));
  const salesforcePort = Number(once("E2E_SALESFORCE_SANDBOX_PORT", freePort));
  return {
    port,
    baseURL: `http://127.0.0.1:${port}`,
    adminUrl,
    databaseName,
    databaseUrl: databaseUrl.toString(),
    stubPort,
    stubUrl: `http://127.0.0.1:${stubPort}`,
    /** The run's Vitally sandbox (started in global setup); the app may call it (VITALLY_SANDBOX_URL). */
    sandboxPort,
    vitallySandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    /** The run's Salesforce emulator (started in global setup, demo orgs; it accepts this run's callback URL). */
    salesforcePort,
    salesforceSandboxUrl: `http://127.0.0.1:${salesforcePort}`,
    /** Throw-away secrets for this run's production server (production refuses the dev defaults). */
    nextAuthSecret: once("E2E_NEXTAUTH_SECRET", () => randomBytes(32).toString("base64url")),
    encryptionKey: once("E2E_ENCRYPTION_KEY", () => randomBytes(32).toString("base64")),
  };
}
