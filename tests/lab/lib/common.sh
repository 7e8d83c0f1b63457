# shellcheck shell=bash
# Shared settings and helpers for tests/lab/{up,down,fault}. Sourced, not run.
# Everything the lab generates lives under $STATE (tests/lab/.state); the only thing `down`
# keeps there is the image cache stamps ($STATE/images).

LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$LAB/.state"
COMPOSE_DIR="$LAB/compose"
PROJECT=tailwart-lab
OWNER_FILE=/run/tailwart-lab/owner   # which checkout's lab is up (one lab per machine)

# The tailnet: a docker network inside 100.64.0.0/10; the host is its gateway and plays
# "the-record-prod" (PostgreSQL). Nothing may connect to a 100.x address outside this subnet.
TAILNET_NET=tailwart-lab-tailnet
TAILNET_BRIDGE=twlab-tailnet
TAILNET_SUBNET=100.64.0.0/24
TAILNET_GW=100.64.0.1
TAILNET_PREFIX=100.64.0.
# The box's WAN side: the edge sits at .10, the host connects from the gateway (= "WAN IP").
WAN_NET=tailwart-lab-wan
WAN_BRIDGE=twlab-wan
WAN_SUBNET=172.31.240.0/24
WAN_GW=172.31.240.1
EDGE_WAN_IP=172.31.240.10
# The lab DNS (knot): containers use $DNS_CONTAINER_ADDR:53 (the WAN bridge's gateway, a host
# address that is not a 100.x literal); tests on the host use 127.0.0.1:5353.
DNS_CONTAINER_ADDR=$WAN_GW
DNS_HOST_PORT=5353
TS_ZONE=tail-lab.ts.net
MAIL_ZONE=stalwart-lab.example
SIDECAR_NAME=stalwart   # MagicDNS machine name of the sidecar
PG_PORT=5432
PG_SLOW_PORT=15432
ADMIN_HOST_PORT=18080

IMG_SIDECAR=tailwart-lab/ts-sidecar:latest
IMG_EDGE=tailwart-lab/edge-haproxy:latest
IMG_STALWART=tailwart-lab/stalwart-standin:latest

export CI="${CI:-}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

# The compose CLI: v2 (`docker compose`) when present, else v1 (`docker-compose`).
compose_cmd() {
  if docker compose version >/dev/null 2>&1; then echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then echo "docker-compose"
  else die "no compose CLI (install docker-compose)"; fi
}
compose() {
  local c; c="$(compose_cmd)"
  # shellcheck disable=SC2086
  $c --project-name "$PROJECT" --project-directory "$COMPOSE_DIR" -f "$COMPOSE_DIR/docker-compose.yml" ${LAB_COMPOSE_EXTRA_FILES:-} "$@"
}

# Container id of a compose service (running or not), by label: works for v1 and v2 names.
service_id() {
  docker ps -aq --no-trunc --filter "label=com.docker.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=$1" | head -n1
}
service_pid() {
  local id; id="$(service_id "$1")"; [ -n "$id" ] || return 1
  local pid; pid="$(docker inspect -f '{{.State.Pid}}' "$id")"
  [ "$pid" != "0" ] || return 1
  echo "$pid"
}
# The sidecar's current address on the tailnet network (empty when not attached/running).
sidecar_tailnet_ip() {
  local id; id="$(service_id ts-stalwart)"; [ -n "$id" ] || return 0
  docker inspect -f "{{with index .NetworkSettings.Networks \"$TAILNET_NET\"}}{{.IPAddress}}{{end}}" "$id" 2>/dev/null || true
}

pg_bin() {
  local b
  for b in "$(command -v "$1" 2>/dev/null)" /usr/lib/postgresql/*/bin/"$1"; do
    [ -n "$b" ] && [ -x "$b" ] && { echo "$b"; return 0; }
  done
  die "PostgreSQL binary $1 not found"
}
# PostgreSQL's data lives in $STATE/pg unless the postgres user cannot reach that path
# (e.g. a clone under /root, mode 700); then $STATE/pg is a symlink to /var/tmp/tailwart-lab-pg.
PG_DIR="$STATE/pg"
pg_as() { runuser -u postgres -- "$@"; }
psql_admin() { pg_as "$(pg_bin psql)" -h "$PG_DIR/run" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
pg_running() { [ -d "$PG_DIR/data" ] && pg_as "$(pg_bin pg_ctl)" -D "$PG_DIR/data" status >/dev/null 2>&1; }

knot_ctl() { knotc -c "$STATE/knot/knot.conf" "$@"; }

pidfile_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop_pidfile() {
  local f="$1"
  if [ -f "$f" ]; then
    local pid; pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      # helper loops run in their own process group (setsid): end the group
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  fi
}

DOCKERD_LOG=/var/log/tailwart-lab-dockerd.log
dockerd_up() { docker info >/dev/null 2>&1; }
wait_dockerd() {
  for _ in $(seq 1 120); do dockerd_up && return 0; sleep 0.5; done
  die "dockerd did not answer on /var/run/docker.sock within 60 s"
}
# Runs "$@" in the background with every inherited descriptor above 2 closed. dockerd outlives
# whatever started it, and it would keep an inherited lock open for its whole life: /work/coord/labturn's
# flock on fd 9, inherited through the test run, held the machine's lab turn forever (2026-12-02).
spawn_detached() {
  ( for fd in /proc/"$BASHPID"/fd/*; do fd="${fd##*/}"; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"; done
    exec setsid "$@" ) &
}
start_dockerd() {
  dockerd_up && return 0
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl start docker >/dev/null 2>&1 || true
  fi
  if ! dockerd_up && ! pgrep -x dockerd >/dev/null; then
    # dockerd outlives the lab (`down` leaves it running), so its log is not under .state
    log "starting dockerd (log: $DOCKERD_LOG)"
    spawn_detached dockerd >>"$DOCKERD_LOG" 2>&1 < /dev/null
  fi
  wait_dockerd
}

# up/down/fault serialize on one lock, so two users of the lab cannot interleave half-done changes
# (the pg-flap loop's own fault calls skip it: LAB_NO_LOCK=1)
lab_lock() {  # lab_lock "$@": re-runs the calling script under the lock (flock -o: daemons it
  # starts do not inherit the lock's descriptor, so the lock ends with the script)
  [ "${LAB_NO_LOCK:-}" = 1 ] && return 0
  mkdir -p "$(dirname "$OWNER_FILE")"
  exec env LAB_NO_LOCK=1 flock -o -w 600 -E 75 "$(dirname "$OWNER_FILE")/lock" "$0" "$@"
}

# iptables rules the lab adds carry this comment so `down` can find every one of them.
IPT_TAG="tailwart-lab"
