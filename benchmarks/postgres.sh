#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite and the benchmarks.
#
# Sourced, it gives two functions:
#
#     source benchmarks/postgres.sh
#     pg_start            # exports DATABASE_URL=postgres://USER@127.0.0.1:PORT/peersupport
#     make test
#     pg_stop             # stops the cluster and deletes it
#
# Run as a command:
#
#     benchmarks/postgres.sh run make test      # start, run the command, stop (even on failure)
#     eval "$(benchmarks/postgres.sh start)"    # prints the export lines for DATABASE_URL
#     benchmarks/postgres.sh stop               # stops the cluster named by PEERSUPPORT_PG_DIR
#
# The cluster lives in a new temporary folder, listens on 127.0.0.1 only, on a free
# port, with trust authentication and without fsync: it is for tests, never for data
# worth keeping. It uses the newest PostgreSQL under /usr/lib/postgresql (set
# PG_VERSION to choose one), installing Debian's postgresql package when none is
# there. initdb refuses to run as root, so as root the cluster runs as the postgres
# user. PG_DBNAME names the database (default: peersupport).

_pg_log() {
    echo "postgres.sh: $*" >&2
}

# The bin folder of the PostgreSQL to use, installing the package if need be.
_pg_bindir() {
    local initdb
    if [ -n "${PG_VERSION:-}" ]; then
        initdb="/usr/lib/postgresql/$PG_VERSION/bin/initdb"
    else
        initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    fi
    if [ -z "$initdb" ] || [ ! -x "$initdb" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            _pg_log "PostgreSQL is not installed; run as root, or: apt-get install postgresql"
            return 1
        fi
        _pg_log "installing Debian's postgresql package"
        if ! { apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1; then
            _pg_log "apt-get install postgresql failed"
            return 1
        fi
        _pg_bindir
        return
    fi
    dirname "$initdb"
}

# A TCP port nothing listens on at the moment.
_pg_free_port() {
    local python
    for python in python3 python; do
        if command -v "$python" >/dev/null 2>&1; then
            "$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return
        fi
    done
    echo $((20000 + RANDOM % 20000))
}

# Run a command as the cluster's owner.
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    if [ -n "${PEERSUPPORT_PG_DIR:-}" ] && [ -d "$PEERSUPPORT_PG_DIR" ]; then
        _pg_log "a cluster is already running in $PEERSUPPORT_PG_DIR (pg_stop first)"
        return 1
    fi
    local bindir owner dir port dbname="${PG_DBNAME:-peersupport}" attempt
    bindir=$(_pg_bindir) || return 1
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            _pg_log "running as root, but there is no postgres user to run the cluster as"
            return 1
        fi
        owner=postgres
    else
        owner=$(id -un)
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/peersupport-pg.XXXXXX") || return 1
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi

    if ! _pg_as_owner "$bindir/initdb" -D "$dir/data" -U "$owner" --auth=trust \
        --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
        _pg_log "initdb failed:"
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        return 1
    fi

    # Another process may take the port between choosing it and starting: try again.
    for attempt in 1 2 3; do
        port=$(_pg_free_port)
        if _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir'" \
            -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            break
        fi
        port=
    done
    if [ -z "$port" ]; then
        _pg_log "the server did not start:"
        tail -n 20 "$dir/server.log" >&2
        rm -rf "$dir"
        return 1
    fi

    if ! _pg_as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$owner" "$dbname" \
        >"$dir/createdb.log" 2>&1; then
        _pg_log "createdb failed:"
        cat "$dir/createdb.log" >&2
        _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
        rm -rf "$dir"
        return 1
    fi

    export PEERSUPPORT_PG_DIR="$dir"
    export PEERSUPPORT_PG_BINDIR="$bindir"
    export DATABASE_URL="postgres://$owner@127.0.0.1:$port/$dbname"
}

pg_stop() {
    local dir="${1:-${PEERSUPPORT_PG_DIR:-}}" bindir="${PEERSUPPORT_PG_BINDIR:-}"
    if [ -z "$dir" ]; then
        _pg_log "no cluster to stop (PEERSUPPORT_PG_DIR is not set)"
        return 1
    fi
    case "$(basename "$dir")" in
    peersupport-pg.*) ;;
    *)
        _pg_log "$dir is not a cluster this script started"
        return 1
        ;;
    esac
    if [ -z "$bindir" ]; then
        bindir=$(_pg_bindir) || return 1
    fi
    if [ -f "$dir/data/postmaster.pid" ]; then
        _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    fi
    rm -rf "$dir"
    if [ "$dir" = "${PEERSUPPORT_PG_DIR:-}" ]; then
        unset PEERSUPPORT_PG_DIR PEERSUPPORT_PG_BINDIR DATABASE_URL
    fi
}

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    case "${1:-}" in
    start)
        pg_start || exit 1
        printf 'export PEERSUPPORT_PG_DIR=%q\n' "$PEERSUPPORT_PG_DIR"
        printf 'export PEERSUPPORT_PG_BINDIR=%q\n' "$PEERSUPPORT_PG_BINDIR"
        printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
        ;;
    stop)
        pg_stop "${2:-}"
        ;;
    run)
        shift
        if [ $# -eq 0 ]; then
            _pg_log "usage: $0 run COMMAND [ARGUMENTS...]"
            exit 2
        fi
        pg_start || exit 1
        trap pg_stop EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        "$@"
        ;;
    *)
        echo "usage: source $0; pg_start; ...; pg_stop" >&2
        echo "   or: $0 start | stop [DIR] | run COMMAND [ARGUMENTS...]" >&2
        exit 2
        ;;
    esac
fi
