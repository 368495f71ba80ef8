import "dotenv/config";
import { defineConfig } from "prisma/config";

// `prisma generate|validate|format` download the native schema engine although they never run it.
// Any existing file in PRISMA_SCHEMA_ENGINE_BINARY skips that download; set it only for those
// commands and only when unset, so a machine with internet still gets the real engine elsewhere.
const cmd = process.argv.slice(2).find((a) => !a.startsWith("-"));
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && ["generate", "validate", "format"].includes(cmd ?? "")) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = "prisma.config.ts";
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ferry" },
});
