#!/usr/bin/env bash
# Starts the Peak_Trade ops console on the bundled data and config (arguments go to `peaktrade`, e.g.
# --follow, --speed 16, --theme light, --config PATH). Installs libncurses-dev when it is missing (as root),
# or stops with the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/require-packages.sh
. scripts/require-packages.sh
require_packages $CONSOLE_PACKAGES
swift build -c release --product peaktrade >&2
# After a crash the terminal is restored first; then print the backtrace and exit rather than wait at a prompt.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-interactive=no}"
exec .build/release/peaktrade "$@"
