#!/usr/bin/env bash
# Makes Debian's Chromium and ChromeDriver available for the sample's browser test, idempotently.
# Prints nothing on stdout; says on stderr what it does and what failed.
set -euo pipefail

say() { printf '[chromium.sh] %s\n' "$*" >&2; }
fail() { printf '[chromium.sh] FAILED: %s\n' "$*" >&2; exit 1; }

find_browser() {
	command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

if [[ -n $(find_browser) ]] && command -v chromedriver >/dev/null 2>&1; then
	say "ready: $($(find_browser) --version 2>/dev/null | head -n 1), $(chromedriver --version | head -n 1)"
	exit 0
fi

as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		fail "'$*' needs root; run this script as root or install sudo"
	fi
}

log=$(mktemp /tmp/pgai-chromium.XXXXXX.log)
trap 'rm -f "$log"' EXIT
say "installing chromium and chromium-driver from the OS packages"
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update >"$log" 2>&1 \
	|| ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver >>"$log" 2>&1; then
	tail -n 30 "$log" >&2
	fail "could not install chromium and chromium-driver (apt's last lines above)"
fi
command -v chromedriver >/dev/null 2>&1 || fail "chromium-driver was installed but chromedriver is not on the PATH"
say "ready: $($(find_browser) --version 2>/dev/null | head -n 1), $(chromedriver --version | head -n 1)"
