import { inject } from "vitest";

// Point lib/env at this run's fresh database before any module creates a Prisma client.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.LOG_LEVEL ??= "silent";
