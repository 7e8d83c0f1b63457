# tests/bench/lib.sh — shared helpers of the bench scripts (sourced, not run).
# Every figure is printed next to a baseline measured in the same run.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/../.." && pwd)"
LAB="${TAILWART_LAB_DIR:-$REPO/tests/lab}"   # another checkout's lab when it is the one up (tests/lab/README.md)
LABCFG="$LAB/tailwart.lab.json"
OUT="${BENCH_OUT:-/tmp/tailwart-bench}"          # builds, publishes, raw samples
RESULTS="${BENCH_RESULTS:-$OUT/results.tsv}"   # part<TAB>metric<TAB>value<TAB>baseline<TAB>target
PROJECT=tailwart-lab
mkdir -p "$OUT"
QUICK=0; for a in "$@"; do [ "$a" = --quick ] && QUICK=1; done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
# percentile P of the numbers on stdin (nearest-rank)
pct() { sort -g | awk -v p="$1" '{a[NR]=$1} END{ if(NR==0){print "nan"; exit} i=int((p/100)*NR+0.999999); if(i<1)i=1; if(i>NR)i=NR; print a[i]}'; }
result() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; printf '  %-22s %-34s %12s   baseline %-16s target %s\n' "$1" "$2" "$3" "$4" "$5"; }
ms() { awk -v s="$1" 'BEGIN{printf "%.0f", s*1000}'; }

# framework-dependent Release build (JIT) of the tailwart executable
# TAILWART_BIN: an already built tailwart (tests/run passes the solution's Release build) — no build here
TW_JIT="${TAILWART_BIN:-$OUT/jit/tailwart}"
build_jit() {
  [ -n "${TAILWART_BIN:-}" ] && { [ -x "$TAILWART_BIN" ] || { echo "TAILWART_BIN=$TAILWART_BIN is not an executable" >&2; exit 1; }; return 0; }
  if [ ! -f "$OUT/jit/.built" ] || [ -n "$(find "$REPO/src" -newer "$OUT/jit/.built" -name '*.cs' -print -quit)" ]; then
    log "building tailwart (Release, framework-dependent) → $OUT/jit"
    dotnet build "$REPO/src/Tailwart" -c Release -o "$OUT/jit" -v q -nologo >"$OUT/build-jit.log" 2>&1 || { tail -20 "$OUT/build-jit.log"; exit 1; }
    touch "$OUT/jit/.built"
  fi
}
tw() { "$TW_JIT" --config "$LABCFG" "$@"; }

lab_up() {
  [ "$(id -u)" = 0 ] || { echo "run as root (the lab needs it)" >&2; exit 1; }
  "$LAB/up" >"$OUT/lab-up.log" 2>&1 || { tail -20 "$OUT/lab-up.log"; exit 1; }
}
cid() { docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | head -1; }
started_at() { date -d "$(docker inspect -f '{{.State.StartedAt}}' "$(cid stalwart)")" +%s.%N; }
# Stalwart first, then the sidecar: stopped together, the sidecar's netns can go before Stalwart's
# FINs leave it, and PostgreSQL keeps those sessions as idle ghosts from 100.64.0.2 until TCP
# keepalive (2 h): 13 gate-default runs filled its connection slots (2026-12-02), and Stalwart's
# next start failed with "remaining connection slots are reserved".
stack_stop() {
  docker stop -t 2 "$(cid stalwart)" >/dev/null 2>&1 || true
  docker stop -t 2 "$(cid ts-stalwart)" >/dev/null 2>&1 || true
}
pg_password() { cat "$LAB/.state/secrets/pg-password"; }
# waits until a PostgreSQL login (SELECT 1) succeeds (unix socket: the host's TCP source address varies here); prints the instant
pg_login_instant() {
  local pw; pw="$(pg_password)"; local deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt $deadline ]; do
    if PGCONNECT_TIMEOUT=1 psql -h "$LAB/.state/pg/run" -p 5432 -U stalwart -d stalwart -tAc 'select 1' >/dev/null 2>&1; then now; return 0; fi
    sleep 0.01
  done
  return 1
}
compose() { docker-compose -p "$PROJECT" --project-directory "$LAB/compose" -f "$LAB/compose/docker-compose.yml" "$@"; }
