#!/usr/bin/env bash
# `npm test`: the whole suite — Vitest (unit + integration against PostgreSQL, each run in its own
# fresh database), a production build if the current one is missing or stale, then Playwright
# against `next start` in Debian's Chromium. Ends with one line `tests: N passed, N failed`
# (scripts/ci-summary.mjs) and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
rm -rf reports
mkdir -p reports

echo "── vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
vitest_rc=$?

# A build is current when .next/BUILD_ID is newer than every file the build reads.
build_is_current() {
  [ -f .next/BUILD_ID ] || return 1
  local newer
  newer=$(find app components lib inngest generated public proxy.ts instrumentation.ts next.config.mjs \
    postcss.config.mjs tsconfig.json package-lock.json -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)
  [ -z "$newer" ]
}

build_ok=1
if build_is_current; then
  echo "── next build: current build in .next, reused"
else
  echo "── next build"
  # FERRY_ALLOW_DEV_SECRETS: this build only serves the tests (Playwright gives `next start` its own
  # throw-away secrets); without it, a page that reads lib/env while Next tries to prerender it fails
  # the build on the development defaults.
  if ! FERRY_ALLOW_DEV_SECRETS=1 npx next build; then
    build_ok=0
    echo "next build failed: skipping Playwright (counted as failed)" >&2
  fi
fi

if [ "$build_ok" = 1 ]; then
  echo "── playwright"
  npx playwright test
fi

echo "── summary"
node scripts/ci-summary.mjs
summary_rc=$?
# Belt and braces: a runner that failed without saying so in its report still fails the run.
if [ "$summary_rc" = 0 ] && [ "$vitest_rc" != 0 ]; then
  echo "vitest exited with $vitest_rc although its report shows no failure" >&2
  exit "$vitest_rc"
fi
exit "$summary_rc"
