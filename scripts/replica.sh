#!/usr/bin/env bash
# Makes a hot-standby streaming replica of the local PostgreSQL cluster (the one scripts/postgres.sh
# prepares), starts it, waits until it has caught up, and prints its JDBC URL on stdout.
# Everything else goes to stderr, so `URL=$(scripts/replica.sh)` works.
#
#   PGAI_REPLICA_URL set: printed as is, nothing else is touched.
#   Otherwise: a second cluster of the primary's major version, `<version>/pgai_replica` on port
#   5433 (PGAI_REPLICA_PORT), made with Debian's pg_createcluster and filled by pg_basebackup from
#   127.0.0.1:5432 (PGAI_PG_PORT) with streaming replication configured (-R). Local replication
#   connections are trusted on the primary, as local connections already are on these machines.
#
# Safe to run again: a running standby of this primary is kept, a stopped one is started, and a
# cluster that is not a standby of this primary (the primary was made anew, say) is made again.
#
#   scripts/replica.sh --stop    stops the standby (fast shutdown); the failure tests use it
#   scripts/replica.sh --start   starts it again and waits until it has caught up
#   scripts/replica.sh --freeze  stops its processes (SIGSTOP): it keeps its connections and answers
#                                nothing, as a host cut off by the network; the hung-replica test uses it
#   scripts/replica.sh --thaw    lets them go on (SIGCONT); every other use of the script thaws first
set -euo pipefail

PGAI_PG_HOST=${PGAI_PG_HOST:-127.0.0.1}
PGAI_PG_PORT=${PGAI_PG_PORT:-5432}
PGAI_PG_USER=${PGAI_PG_USER:-postgres}
PGAI_PG_DATABASE=${PGAI_PG_DATABASE:-test}
PGAI_REPLICA_PORT=${PGAI_REPLICA_PORT:-5433}
CLUSTER=pgai_replica

SCRIPT_NAME=replica.sh
# shellcheck source=scripts/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

if [[ -n ${PGAI_REPLICA_URL:-} ]]; then
	# the other commands act on the standby this script makes, which that URL is not
	[[ -z ${1:-} ]] || fail "PGAI_REPLICA_URL is set: $1 acts only on the local standby this script makes; unset PGAI_REPLICA_URL"
	say "PGAI_REPLICA_URL is set; using it as is"
	printf '%s\n' "$PGAI_REPLICA_URL"
	exit 0
fi

primary() {
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGAI_PG_HOST" -p "$PGAI_PG_PORT" -U "$PGAI_PG_USER" -d postgres "$@"
}

replica() {
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGAI_REPLICA_PORT" -U "$PGAI_PG_USER" -d postgres "$@"
}

case $PGAI_PG_HOST in
	127.0.0.1 | localhost | ::1) ;;
	# the script edits the primary's pg_hba.conf and copies its data on this machine
	*) fail "PGAI_PG_HOST is $PGAI_PG_HOST: this script replicates a cluster of this machine only; for another, make a standby there and set PGAI_REPLICA_URL" ;;
esac
primary -c 'select 1' >/dev/null 2>&1 \
	|| fail "no primary answers on $PGAI_PG_HOST:$PGAI_PG_PORT; run scripts/postgres.sh first"
command -v pg_createcluster >/dev/null 2>&1 \
	|| fail "pg_createcluster (Debian's postgresql-common) is missing; on other systems make a standby yourself and set PGAI_REPLICA_URL to its JDBC URL"

VERSION=$(primary -c 'show server_version_num')
VERSION=$((VERSION / 10000))
DATA=/var/lib/postgresql/$VERSION/$CLUSTER
CONF=/etc/postgresql/$VERSION/$CLUSTER

cluster_exists() { [[ -f $CONF/postgresql.conf ]]; }

cluster_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c && $4 ~ /online/ { found = 1 } END { exit !found }'; }

# Starts the cluster and waits until it answers; fails quietly, for the caller to decide.
try_start() {
	{ as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2 \
		|| as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start >&2; } 2>/dev/null \
		|| return 1
	for _ in $(seq 1 30); do replica -c 'select 1' >/dev/null 2>&1 && return 0; sleep 1; done
	return 1
}

stop_cluster() {
	as_root pg_ctlcluster "$VERSION" "$CLUSTER" stop -m fast >&2 \
		|| as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" stop -m fast >&2
}

# The standby's postmaster, if postmaster.pid names a running postgres (not a stale file's PID).
postmaster_pid() {
	local pid cmdline
	pid=$(as_root head -n 1 "$DATA/postmaster.pid" 2>/dev/null) || return 0
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	cmdline=$(as_root cat "/proc/$pid/cmdline" 2>/dev/null | tr '\0' ' ') || return 0
	[[ $cmdline != *postgres* ]] || echo "$pid"
}

# Stops every process of the standby: the postmaster first, so that it forks no backend the list
# below would miss, then its children until no new one appears.
freeze_cluster() {
	local postmaster children frozen=""
	postmaster=$(postmaster_pid)
	[[ -n $postmaster ]] || fail "no running postmaster in $DATA/postmaster.pid"
	as_root kill -STOP "$postmaster"
	while :; do
		children=$(pgrep -P "$postmaster" | sort) || children=""
		[[ $children != "$frozen" ]] || break
		# shellcheck disable=SC2086 # one word per process
		[[ -z $children ]] || as_root kill -STOP $children
		frozen=$children
	done
	# every one is stopped (state T), or the freeze did not take
	for pid in $postmaster $children; do
		[[ $(ps -o stat= -p "$pid" 2>/dev/null) == T* ]] || fail "process $pid of the standby did not stop"
	done
}

# Lets every process of the standby go on, if it runs; harmless when they run already.
thaw_cluster() {
	local postmaster children
	postmaster=$(postmaster_pid)
	[[ -n $postmaster ]] || return 0
	children=$(pgrep -P "$postmaster") || children=""
	# shellcheck disable=SC2086 # one word per process
	as_root kill -CONT "$postmaster" $children 2>/dev/null || true
}

# A standby of this primary: in recovery, with the primary's system identifier.
is_standby_of_primary() {
	local ours theirs recovering
	ours=$(primary -c 'select system_identifier from pg_control_system()') || return 1
	theirs=$(replica -c 'select system_identifier from pg_control_system()' 2>/dev/null) || return 1
	recovering=$(replica -c 'select pg_is_in_recovery()' 2>/dev/null) || return 1
	[[ $ours == "$theirs" && $recovering == t ]]
}

# Waits until the standby has replayed what the primary has written by now; fails quietly.
caught_up() {
	local target
	target=$(primary -c 'select pg_current_wal_lsn()')
	for _ in $(seq 1 120); do
		if [[ $(replica -c "select coalesce(pg_last_wal_replay_lsn() >= '$target'::pg_lsn, false)" 2>/dev/null) == t ]]; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# pg_basebackup and the standby connect for replication, which 'all' in pg_hba.conf does not cover.
trust_local_replication() {
	local hba
	hba=$(primary -c 'show hba_file')
	if ! as_root grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
		say "trusting local replication connections in $hba"
		as_root sh -c "printf '%s\n' '# pgai-spring: local streaming replicas' 'local replication all trust' \
			'host replication all 127.0.0.1/32 trust' 'host replication all ::1/128 trust' \
			| cat - '$hba' > '$hba.new' && chmod --reference='$hba' '$hba.new' && mv '$hba.new' '$hba' \
			&& chown postgres:postgres '$hba'"
		primary -c 'select pg_reload_conf()' >/dev/null
	fi
}

make_standby() {
	if cluster_exists; then
		say "dropping $VERSION/$CLUSTER, which is not a working standby of the primary on port $PGAI_PG_PORT"
		if ! as_root pg_dropcluster --stop "$VERSION" "$CLUSTER" >&2 2>/dev/null; then
			# a cluster pg_dropcluster cannot drop (its data directory is gone) has no server running
			if pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c && $4 ~ /online/ { f = 1 } END { exit !f }'; then
				fail "cannot drop $VERSION/$CLUSTER, which is running; stop it with pg_ctlcluster $VERSION $CLUSTER stop"
			fi
			as_root rm -rf "$CONF" "$DATA"
		fi
	fi
	trust_local_replication
	say "creating $VERSION/$CLUSTER on port $PGAI_REPLICA_PORT"
	as_root pg_createcluster "$VERSION" "$CLUSTER" -p "$PGAI_REPLICA_PORT" >&2
	# A hot standby needs at least the primary's values of these; searches on it should not be
	# cancelled by the vacuum of rows they still read.
	local setting value
	for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
		max_locks_per_transaction; do
		value=$(primary -c "show $setting")
		as_root sh -c "printf '%s = %s\n' '$setting' '$value' >> '$CONF/postgresql.conf'"
	done
	as_root sh -c "printf '%s\n' 'hot_standby = on' 'hot_standby_feedback = on' >> '$CONF/postgresql.conf'"
	as_root cp "$(primary -c 'show hba_file')" "$CONF/pg_hba.conf"
	as_root chown postgres:postgres "$CONF/pg_hba.conf"
	# pg_basebackup fills the empty data directory pg_createcluster made (its parent may be root's)
	as_root find "$DATA" -mindepth 1 -delete
	say "copying the primary with pg_basebackup"
	as_postgres pg_basebackup -h 127.0.0.1 -p "$PGAI_PG_PORT" -U "$PGAI_PG_USER" -D "$DATA" \
		-X stream -R -c fast >&2 \
		|| fail "pg_basebackup from 127.0.0.1:$PGAI_PG_PORT failed"
	try_start || fail "the standby does not start (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log)"
}

case ${1:-} in
	--freeze)
		cluster_running || fail "the standby $VERSION/$CLUSTER is not running; start it with scripts/replica.sh --start"
		say "freezing the standby on port $PGAI_REPLICA_PORT (SIGSTOP): it keeps its connections and answers nothing"
		freeze_cluster
		exit 0
		;;
	--thaw)
		say "thawing the standby on port $PGAI_REPLICA_PORT (SIGCONT)"
		thaw_cluster
		exit 0
		;;
esac
# a frozen standby would hang every step below (and a stop, until it could take the signal)
thaw_cluster

case ${1:-} in
	--stop)
		if cluster_running; then
			say "stopping the standby on port $PGAI_REPLICA_PORT"
			stop_cluster
		fi
		exit 0
		;;
	--start | '') ;;
	*) fail "unknown argument $1; use --stop, --start, --freeze, --thaw or nothing" ;;
esac

if cluster_exists && ! cluster_running; then
	say "starting the standby $VERSION/$CLUSTER"
	try_start || say "it does not start"
fi
if ! cluster_exists || ! is_standby_of_primary; then
	make_standby
	is_standby_of_primary || fail "the new cluster on port $PGAI_REPLICA_PORT is not a standby of the primary"
fi
if ! caught_up; then
	# stopped long enough for the primary to recycle WAL it still needed: copy the primary again
	say "the standby did not catch up within 60 s"
	make_standby
	caught_up || fail "the standby on port $PGAI_REPLICA_PORT does not catch up with the primary (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log)"
fi
say "standby $VERSION/$CLUSTER on port $PGAI_REPLICA_PORT streams from 127.0.0.1:$PGAI_PG_PORT and has caught up"
printf 'jdbc:postgresql://127.0.0.1:%s/%s?user=%s\n' "$PGAI_REPLICA_PORT" "$PGAI_PG_DATABASE" "$PGAI_PG_USER"
