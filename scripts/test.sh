#!/usr/bin/env bash
# Runs the whole test suite. Installs the Debian packages the tests need when they are missing (as root),
# or stops with the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/require-packages.sh
. scripts/require-packages.sh
require_packages $TEST_PACKAGES
swift build --build-tests
swift test --skip-build "$@"
# The console in a real terminal (tmux): keys, screen, journals, terminal restore.
./scripts/console-e2e.sh .build/debug/peaktrade
