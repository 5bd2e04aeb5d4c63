#!/usr/bin/env bash
# Installs what the corpus programs declare: one lockfile per group of programs with compatible majors (README.md).
# Each program then gets its group's node_modules as its own (a symlink), as a user's project has its node_modules
# beside its package.json: Pulumi's closure serialization (CallbackFunction, onSchedule) looks for the packages a
# function needs there, and fails with "Could not include required dependency" when they live only in a parent.
set -euo pipefail
cd "$(dirname "$0")"
for lock in */package-lock.json; do
    group="$(dirname "$lock")"
    npm ci --prefix "$group" --no-audit --no-fund --loglevel=warn
    for program in "$group"/*/; do
        [ -f "$program/Pulumi.yaml" ] && ln -sfn ../node_modules "$program/node_modules"
    done
done
