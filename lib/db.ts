import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createPrisma(url = env().DATABASE_URL, max = env().DATABASE_POOL_SIZE): PrismaClient {
  // Connects lazily: creating the client never throws, so `next build` can import this module.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}

const g = globalThis as unknown as { ferryPrisma?: PrismaClient };

/** The process's one Prisma client (kept across hot reloads in development). */
export function db(): PrismaClient {
  g.ferryPrisma ??= createPrisma();
  return g.ferryPrisma;
}
