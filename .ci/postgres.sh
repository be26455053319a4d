#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server on the loopback address for the test suite.
#
#   eval "$(.ci/postgres.sh start DIR)"   # prints: export SKSEQ_TEST_POSTGRES_URL=...
#   .ci/postgres.sh stop DIR
#
# initdb refuses to run as root, so as root the server runs as the `postgres` OS user
# (created by the Debian package; runuser switches to it). Binaries come from the PATH or
# /usr/lib/postgresql/<newest version>/bin. Authentication is `trust`: loopback only.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?a folder for the server}

bin_dir() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    else
        ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
    fi
}
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin=$(bin_dir)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "postgres.sh: PostgreSQL (initdb, pg_ctl) is not installed" >&2
    exit 1
fi
case "$action" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=100" \
        start >&2
    echo "export SKSEQ_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "postgres.sh: unknown action $action (start or stop)" >&2
    exit 2
    ;;
esac
