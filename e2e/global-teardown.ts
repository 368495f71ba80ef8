import pg from "pg";
import { e2eSettings } from "./helpers/settings";

/** Drops this run's database (the web server may still hold connections: FORCE). */
export default async function globalTeardown() {
  const s = e2eSettings();
  if (process.env.E2E_KEEP_DATABASE === "1") {
    console.log(`e2e: kept database ${s.databaseName}`);
    return;
  }
  const admin = new pg.Client({ connectionString: s.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(s.databaseName)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
