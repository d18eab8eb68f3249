#!/usr/bin/env bash
# Makes Debian's Chromium and ChromeDriver available for the sample's browser test, idempotently.
# Prints nothing on stdout; says on stderr what it does and what failed.
set -euo pipefail

SCRIPT_NAME=chromium.sh
# shellcheck source=scripts/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

find_browser() {
	command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

if [[ -n $(find_browser) ]] && command -v chromedriver >/dev/null 2>&1; then
	say "ready: $($(find_browser) --version 2>/dev/null | head -n 1), $(chromedriver --version | head -n 1)"
	exit 0
fi

say "installing chromium and chromium-driver from the OS packages"
apt_install chromium chromium-driver
command -v chromedriver >/dev/null 2>&1 || fail "chromium-driver was installed but chromedriver is not on the PATH"
say "ready: $($(find_browser) --version 2>/dev/null | head -n 1), $(chromedriver --version | head -n 1)"
