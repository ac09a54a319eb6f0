#!/usr/bin/env bash
# Every test of kovn: lint, typecheck, then all test files in one node:test run (unit, real-OVN, lab e2e).
# Tests that need root or OVN binaries say so and fail rather than pass silently.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=test
echo "== lint"; npx eslint --max-warnings 0 . || exit 1
echo "== typecheck"; npx tsc --noEmit -p . || exit 1
echo "== build"; npx tsc -p tsconfig.build.json || exit 1
mapfile -t files < <(find test -name '*.test.ts' -o -name '*.test.tsx' | sort)
echo "== tests (${#files[@]} files)"
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
