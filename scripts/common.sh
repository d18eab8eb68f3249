# Sourced by the scripts beside it: messages on stderr, root, and apt with its chatter in a log
# that is shown only when a step fails. The sourcing script sets SCRIPT_NAME first.

say() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }
fail() { printf '[%s] FAILED: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		fail "'$*' needs root; run this script as root or install sudo"
	fi
}

# Runs a command as the postgres user, whose files a cluster's data directory must be.
as_postgres() {
	if [[ $(id -un) == postgres ]]; then
		"$@"
	else
		as_root runuser -u postgres -- "$@"
	fi
}

APT_UPDATED=
APT_LOG=$(mktemp /tmp/pgai-apt.XXXXXX.log)
trap 'rm -f "$APT_LOG"' EXIT

apt_run() {
	local what=$1
	shift
	if ! as_root env DEBIAN_FRONTEND=noninteractive "$@" >"$APT_LOG" 2>&1; then
		tail -n 30 "$APT_LOG" >&2
		fail "$what failed (apt's last lines above)"
	fi
}

apt_update_once() {
	if [[ -z $APT_UPDATED ]]; then
		say "apt-get update"
		apt_run "apt-get update" apt-get update
		APT_UPDATED=1
	fi
}

apt_install() {
	apt_update_once
	say "apt-get install $*"
	apt_run "apt-get install $*" apt-get install -y --no-install-recommends "$@"
}
