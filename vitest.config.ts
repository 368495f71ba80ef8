import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    environment: "node",
    include: ["{lib,inngest,app,scripts,prisma,tests}/**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests share one fresh database per run; files run one at a time so that
    // tests which count rows or drive rate limits never interfere.
    fileParallelism: false,
  },
});
