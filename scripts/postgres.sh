#!/usr/bin/env bash
# Makes a PostgreSQL with the pgvector extension available and prints its JDBC URL on stdout.
# Everything else (progress, failures) goes to stderr, so `URL=$(scripts/postgres.sh)` works.
#
#   1. PGAI_DATABASE_URL set: printed as is, nothing else is touched.
#   2. A server answers on 127.0.0.1:5432: used; pgvector is installed for its major version when
#      missing (Debian's postgresql-NN-pgvector, else Debian's source package built against
#      postgresql-server-dev-NN), then `CREATE EXTENSION vector` runs in the database.
#   3. No server: PostgreSQL is installed from the OS packages, started, and step 2 follows.
#
# Safe to run again: every step checks before it changes anything.
set -euo pipefail

PGAI_PG_HOST=${PGAI_PG_HOST:-127.0.0.1}
PGAI_PG_PORT=${PGAI_PG_PORT:-5432}
PGAI_PG_USER=${PGAI_PG_USER:-postgres}
PGAI_PG_DATABASE=${PGAI_PG_DATABASE:-test}

SCRIPT_NAME=postgres.sh
# shellcheck source=scripts/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

if [[ -n ${PGAI_DATABASE_URL:-} ]]; then
	say "PGAI_DATABASE_URL is set; using it as is"
	printf '%s\n' "$PGAI_DATABASE_URL"
	exit 0
fi

has_candidate() {
	local candidate
	candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
	[[ -n $candidate && $candidate != "(none)" ]]
}

server_answers() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -h "$PGAI_PG_HOST" -p "$PGAI_PG_PORT" -t 3
	else
		(exec 3<>"/dev/tcp/$PGAI_PG_HOST/$PGAI_PG_PORT") 2>/dev/null
	fi
}

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PGAI_PG_HOST" -p "$PGAI_PG_PORT" -U "$PGAI_PG_USER" -d "$1" "${@:2}"
}

install_postgresql() {
	if compgen -G '/etc/postgresql/*/main/postgresql.conf' >/dev/null; then
		say "no PostgreSQL answers on $PGAI_PG_HOST:$PGAI_PG_PORT; starting the installed cluster"
	else
		say "no PostgreSQL answers on $PGAI_PG_HOST:$PGAI_PG_PORT; installing it from the OS packages"
		apt_install postgresql postgresql-client
	fi
	local version
	version=$(ls /etc/postgresql | sort -n | tail -n 1)
	[[ -n $version ]] || fail "postgresql was installed but no cluster exists under /etc/postgresql"
	local conf=/etc/postgresql/$version/main
	# A throw-away development server: local connections are trusted, as on the CI machines.
	if ! grep -q '^# pgai-spring' "$conf/pg_hba.conf"; then
		say "trusting local connections in $conf/pg_hba.conf"
		as_root sh -c "printf '%s\n' '# pgai-spring: local development server' \
			'local all all trust' 'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' \
			| cat - '$conf/pg_hba.conf' > '$conf/pg_hba.conf.new' && mv '$conf/pg_hba.conf.new' '$conf/pg_hba.conf' \
			&& chown postgres:postgres '$conf/pg_hba.conf'"
	fi
	as_root sed -i "s/^#\?port = .*/port = $PGAI_PG_PORT/" "$conf/postgresql.conf"
	say "starting PostgreSQL $version"
	# Under systemd pg_ctlcluster hands over to the postgresql@ unit; without it, it runs the server itself.
	as_root pg_ctlcluster "$version" main restart >&2 \
		|| as_root pg_ctlcluster --skip-systemctl-redirect "$version" main restart >&2 \
		|| fail "could not start PostgreSQL $version (see /var/log/postgresql/postgresql-$version-main.log)"
	for _ in $(seq 1 30); do server_answers && return 0; sleep 1; done
	fail "PostgreSQL $version was started but does not answer on $PGAI_PG_HOST:$PGAI_PG_PORT"
}

# The next Debian release after this one: its source package of pgvector builds against ours.
next_debian_suite() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	case $codename in
		bullseye) echo bookworm ;;
		bookworm) echo trixie ;;
		trixie) echo forky ;;
		*) echo sid ;;
	esac
}

# The mirror this machine already uses for Debian's main archive, in either apt source format.
debian_mirror() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	local files=()
	[[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
	for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] && files+=("$f")
	done
	((${#files[@]})) || return 1
	awk -v suite="$codename" '
		FNR == 1 { uris = ""; suites = "" }
		/^[[:space:]]*#/ { next }
		/^deb[[:space:]]/ {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { uri = $i; s = $(i + 1); break }
			if (s == suite && uri !~ /security/) { print uri; exit }
			next
		}
		/^URIs:/ { uris = $2 }
		/^Suites:/ { suites = $0 }
		/^[[:space:]]*$/ { uris = ""; suites = "" }
		uris != "" && suites != "" {
			n = split(suites, parts, /[[:space:]]+/)
			for (i = 2; i <= n; i++) if (parts[i] == suite && uris !~ /security/) { print uris; exit }
		}
	' "${files[@]}" | head -n 1
}

add_source_entry() {
	local suite=$1 list=/etc/apt/sources.list.d/pgai-spring-src.list mirror
	if [[ -f $list ]] && grep -q " $suite " "$list"; then
		return 0
	fi
	mirror=$(debian_mirror) || true
	[[ -n $mirror ]] || fail "could not find this machine's Debian mirror in its apt sources; add a 'deb-src <mirror> $suite main' line yourself"
	say "adding 'deb-src $mirror $suite main' to $list (source packages only; nothing is installed from it)"
	as_root sh -c "printf 'deb-src %s %s main\n' '$mirror' '$suite' > '$list'"
	APT_UPDATED=
}

build_pgvector_from_source() {
	local major=$1
	local suite
	suite=$(next_debian_suite)
	add_source_entry "$suite"
	apt_install "postgresql-server-dev-$major" make gcc dpkg-dev
	local work
	work=$(mktemp -d /tmp/pgai-pgvector.XXXXXX)
	chmod 755 "$work"
	say "fetching Debian's source package pgvector into $work"
	(cd "$work" && apt_run "apt-get source pgvector (from '$suite')" apt-get source pgvector)
	local dir
	dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
	[[ -n $dir ]] || fail "apt-get source pgvector left no pgvector-* directory in $work"
	local pg_config=/usr/lib/postgresql/$major/bin/pg_config
	say "building $(basename "$dir") against PostgreSQL $major"
	apt_run "building pgvector" make -C "$dir" PG_CONFIG="$pg_config"
	apt_run "installing pgvector" make -C "$dir" PG_CONFIG="$pg_config" install
	as_root rm -rf "$work"
}

vector_available() {
	[[ $(psql_db "$PGAI_PG_DATABASE" -Atc "select count(*) from pg_available_extensions where name = 'vector'") == 1 ]]
}

command -v psql >/dev/null 2>&1 || apt_install postgresql-client

server_answers || install_postgresql

if ! psql_db postgres -Atc 'select 1' >/dev/null 2>&1; then
	fail "PostgreSQL answers on $PGAI_PG_HOST:$PGAI_PG_PORT but refuses user '$PGAI_PG_USER'; set PGAI_DATABASE_URL to a URL with credentials"
fi

if [[ $(psql_db postgres -Atc "select count(*) from pg_database where datname = '$PGAI_PG_DATABASE'") == 0 ]]; then
	say "creating database $PGAI_PG_DATABASE"
	psql_db postgres -c "create database \"$PGAI_PG_DATABASE\""
fi

if ! vector_available; then
	major=$(psql_db "$PGAI_PG_DATABASE" -Atc "select current_setting('server_version_num')::int / 10000")
	say "pgvector is not installed for PostgreSQL $major; installing it"
	apt_update_once
	if has_candidate "postgresql-$major-pgvector"; then
		apt_install "postgresql-$major-pgvector"
	else
		say "Debian has no package postgresql-$major-pgvector here; building the source package"
		build_pgvector_from_source "$major"
	fi
	vector_available || fail "pgvector was installed, but PostgreSQL $major does not list the 'vector' extension (is the server on this machine?)"
fi

psql_db "$PGAI_PG_DATABASE" -c 'create extension if not exists vector' 2>&1 | grep -v 'already exists' >&2 || true
version=$(psql_db "$PGAI_PG_DATABASE" -Atc "select extversion from pg_extension where extname = 'vector'")
[[ -n $version ]] || fail "could not create the extension 'vector' in database $PGAI_PG_DATABASE"
say "ready: PostgreSQL on $PGAI_PG_HOST:$PGAI_PG_PORT, database $PGAI_PG_DATABASE, pgvector $version"
printf 'jdbc:postgresql://%s:%s/%s?user=%s\n' "$PGAI_PG_HOST" "$PGAI_PG_PORT" "$PGAI_PG_DATABASE" "$PGAI_PG_USER"
