#!/usr/bin/env bash
# `npm test`: builds the workspace packages, then runs the type check and the linters alongside vitest (on two
# cores the linters alone leave one core idle for most of a minute). Their output is held back and printed after
# vitest's, so each reads as one block. Exits non-zero when any of them fails.
set -u
cd "$(dirname "$0")/../.."

tsc -b components cost || { echo "npm test: tsc -b components cost failed"; exit 1; }

typecheck_log=$(mktemp) lint_log=$(mktemp)
trap 'rm -f "$typecheck_log" "$lint_log"' EXIT
tsc -p tsconfig.json --noEmit >"$typecheck_log" 2>&1 &
typecheck=$!
(eslint . && prettier --check --log-level warn .) >"$lint_log" 2>&1 &
lint=$!

vitest run
tests=$?
wait "$typecheck"
typecheck_status=$?
wait "$lint"
lint_status=$?

report() { # name, status, log
    if [ "$2" -eq 0 ]; then echo "npm test: $1 passed"; else
        cat "$3"
        echo "npm test: $1 failed"
    fi
}
report "type check (tsc -p tsconfig.json)" "$typecheck_status" "$typecheck_log"
report "lint and format (eslint, prettier --check)" "$lint_status" "$lint_log"
[ "$tests" -eq 0 ] || echo "npm test: vitest failed"
[ "$tests" -eq 0 ] && [ "$typecheck_status" -eq 0 ] && [ "$lint_status" -eq 0 ]
