import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { statementNamer } from "@/lib/statement-names";

export type Db = PrismaClient;
/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createPrisma(url = env().DATABASE_URL, max = env().DATABASE_POOL_SIZE): PrismaClient {
  // Connects lazily: creating the client never throws, so `next build` can import this module.
  // JIT off for every connection: on Ferry's analytic queries (sync log chart, counts) PostgreSQL's
  // JIT compiled for 30–200 ms each time and saved less than that. An `options` parameter in the
  // URL replaces this one (pg lets the connection string win).
  const names = env().DATABASE_PREPARED_STATEMENTS ? statementNamer() : null;
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: url, max, options: "-c jit=off" },
      names ? { statementNameGenerator: (query) => names.name(query.sql) ?? "" } : undefined,
    ),
  });
}

const g = globalThis as unknown as { ferryPrisma?: PrismaClient };

/** The process's one Prisma client (kept across hot reloads in development). */
export function db(): PrismaClient {
  g.ferryPrisma ??= createPrisma();
  return g.ferryPrisma;
}
