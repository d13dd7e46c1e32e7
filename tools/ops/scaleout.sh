#!/usr/bin/env bash
# Scale-out check (issue 8): several `pantau serve` processes on ONE PostgreSQL database behind
# nginx behave as one site, survive the loss of a process, and one process stays flat under a
# long mixed load while an official publishes every second.
#
#   tools/ops/scaleout.sh            full run: kill test 30 s, soak 2 min on PostgreSQL and 2 min on SQLite
#   tools/ops/scaleout.sh --short    for CI: kill test 10 s, soak 20 s on PostgreSQL only
#
# What it proves, one PASS/FAIL line per check, figures at the end (exit 1 on any FAIL):
#  1. Two processes on one new PostgreSQL database (pantau_scaleout_<pid>), each on its own port,
#     behind nginx (non-daemon, config in a temp dir, `upstream` with both, Host/X-Forwarded-*,
#     `proxy_next_upstream error timeout`): the first migrates and imports the starter data; the
#     second, started once the first answers /healthz, finds both done. Two more processes
#     started at the same moment on another empty database both come up, and the migrations and
#     the import ran once (they take turns on an advisory lock).
#  2. Sessions live in the database: an official of Surabaya (made with `pantau user add`, password
#     on stdin) signs in through process A; the same cookie works on process B, which creates and
#     publishes an activity on surabaya--liverpool-gb (forms: csrf field + Origin). The record is
#     visible through nginx from both backends and on A, whose cached tie page was dropped (the page
#     cache is validated by the newest revision id, read from the database on every request).
#     Signing out through B refuses the same cookie on A (redirect to sign-in, 403 on POST). The
#     forms also work through nginx (sign in, dashboard from both backends, sign out).
#  3. SIGKILL of B while wrk hits mixed public pages through nginx: A keeps serving; at most the
#     requests in flight may fail (failures <= connections), requests after the kill all succeed,
#     and B restarted on its port gets traffic again.
#  4. Soak: wrk on mixed public pages (/en, a place, a tie, the tie list, a search; a Lua script
#     rotates them) against ONE process directly, while an official publishes an activity every
#     second through the forms (curl, cookie jar, csrf, Origin). Errors (non-2xx/3xx, socket
#     errors, timeouts) must be 0, every publication acknowledged (303) and shown on the tie page,
#     and RSS at the end within 50% of RSS after the warm-up (memory flat).
#  5. Everything started here (processes, nginx, the database, the temp dir) is removed on exit.
#
# Binary: PANTAU_BIN, else target/release/pantau if present, else target/debug/pantau (built if
# missing); it is copied to the temp dir so a rebuild during the run does not disturb it.
# Environment: SCALEOUT_PG_URL (a database to connect to for CREATE/DROP DATABASE; default
# TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test), SCALEOUT_CONNECTIONS (wrk
# connections, 32), SCALEOUT_SOAK_SECONDS, SCALEOUT_KILL_SECONDS, SCALEOUT_SOAK_BACKENDS
# ("postgres sqlite" or "postgres"), SCALEOUT_KEEP=1 (keep the temp dir with logs). Needs psql,
# curl, wrk and nginx (wrk and nginx-light are installed with apt-get when missing and running as
# root, as bench/run does). nginx and the processes talk over 127.0.0.1, which `pantau serve`
# trusts for X-Forwarded-* by default (--trusted-proxies).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SHORT=
for a in "$@"; do
  case $a in
    --short) SHORT=1 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "scaleout.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done

CONNS=${SCALEOUT_CONNECTIONS:-32}
if [ -n "$SHORT" ]; then
  SOAK_SECS=${SCALEOUT_SOAK_SECONDS:-20}
  KILL_SECS=${SCALEOUT_KILL_SECONDS:-10}
  SOAK_BACKENDS=${SCALEOUT_SOAK_BACKENDS:-postgres}
else
  SOAK_SECS=${SCALEOUT_SOAK_SECONDS:-120}
  KILL_SECS=${SCALEOUT_KILL_SECONDS:-30}
  SOAK_BACKENDS=${SCALEOUT_SOAK_BACKENDS:-postgres sqlite}
fi
# RSS "after warm-up" is read this far into the soak; the end value is compared with it.
WARM_SECS=$(( SOAK_SECS / 6 > 5 ? SOAK_SECS / 6 : 5 ))
PG_ADMIN=${SCALEOUT_PG_URL:-${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}
TIE=surabaya--liverpool-gb
PATHS=(/en /en/places/surabaya "/en/ties/$TIE" /en/ties "/en/search?q=jepang")

# ---------------------------------------------------------------------------------------------
# Tools.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "scaleout.sh: needs ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1
  fi
fi
for t in psql curl; do command -v $t >/dev/null || { echo "scaleout.sh: needs $t" >&2; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -n "${PANTAU_BIN:-}" ]; then SRC_BIN=$PANTAU_BIN
elif [ -x target/release/pantau ]; then SRC_BIN=target/release/pantau
else
  [ -x target/debug/pantau ] || cargo build --quiet --bin pantau
  SRC_BIN=target/debug/pantau
fi
[ -x "$SRC_BIN" ] || { echo "scaleout.sh: no binary at $SRC_BIN" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Temp dir, database and cleanup.
WORK=$(mktemp -d /tmp/pantau-scaleout.XXXXXX)
chmod 711 "$WORK"                  # nginx's workers (nobody/www-data under root) reach $WORK/nginx
mkdir -m 700 "$WORK/private"       # cookie jars
mkdir -p "$WORK/bin"
cp "$SRC_BIN" "$WORK/bin/pantau"
BIN=$WORK/bin/pantau
DB=pantau_scaleout_$$
PG_BASE=${PG_ADMIN%/*}
DB_URL=$PG_BASE/$DB
DB_CREATED=
DB2=${DB}_together
DB2_CREATED=
NGINX_PID=
BG_PIDS=()
declare -A PID PORT READY_MS T0

cleanup() {
  set +e
  touch "$WORK/stop" 2>/dev/null
  local pids=("${BG_PIDS[@]}" "${PID[@]}" $NGINX_PID) p
  for p in "${pids[@]}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  for _ in $(seq 1 50); do
    local alive=
    for p in "${pids[@]}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ -n "$DB2_CREATED" ]; then
    psql "$PG_ADMIN" -qAtc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB2'" >/dev/null 2>&1
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS \"$DB2\"" >/dev/null 2>&1 \
      || echo "scaleout.sh: could not drop database $DB2" >&2
  fi
  if [ -n "$DB_CREATED" ]; then
    psql "$PG_ADMIN" -qAtc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB'" >/dev/null 2>&1
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null 2>&1 \
      || echo "scaleout.sh: could not drop database $DB" >&2
  fi
  if [ -n "${SCALEOUT_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Helpers.
PASSES=0
FAILS=0
FAILED=()
pass() { echo "PASS $*"; PASSES=$((PASSES + 1)); }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); FAILED+=("${1%%:*}"); }
# check NAME DETAIL CONDITION...: PASS or FAIL with the detail.
check() { local name=$1 detail=$2; shift 2; if "$@"; then pass "$name: $detail"; else fail "$name: $detail"; fi; }
section() { printf '\n== %s (at %ds)\n' "$*" "$SECONDS"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
# HTTP status of a request (000 when nothing answered).
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@" || echo 000; }
# "status location" of a request (the Location made absolute by curl).
status_loc() { curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 60 "$@" || echo "000 "; }
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }
rss_mb() { awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_mb() { awk '$1 == "VmHWM:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
threads_of() { awk '$1 == "Threads:" { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# launch_pantau NAME DATABASE_URL PORT: start `pantau serve` (logs in $WORK/NAME.{out,err}).
launch_pantau() {
  local name=$1 url=$2 port=$3
  T0[$name]=$(now_ms)
  RUST_LOG=${SCALEOUT_RUST_LOG:-warn,pantau::startup=info} "$BIN" serve --database-url "$url" \
    --bind "127.0.0.1:$port" >>"$WORK/$name.out" 2>>"$WORK/$name.err" &
  PID[$name]=$!
  PORT[$name]=$port
}
# wait_pantau NAME: wait for its /healthz (up to 120 s); sets READY_MS[NAME].
wait_pantau() {
  local name=$1 port=${PORT[$1]} t0=${T0[$1]}
  for _ in $(seq 1 2400); do
    if [ "$(code "http://127.0.0.1:$port/healthz")" = 200 ]; then
      READY_MS[$name]=$(( $(now_ms) - t0 )); return 0
    fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      echo "--- $name stopped while starting:" >&2; tail -5 "$WORK/$name.err" >&2
      PID[$name]=; return 1
    fi
    sleep 0.05
  done
  echo "--- $name did not answer /healthz in 120 s" >&2; return 1
}
# start_pantau NAME DATABASE_URL PORT: both.
start_pantau() { launch_pantau "$@" && wait_pantau "$1"; }
stop_pantau() {
  local name=$1 p=${PID[$1]:-}
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then kill "$p"; wait "$p" 2>/dev/null || true; fi
  PID[$name]=
}

# sign_in JAR BASE: the sign-in form and its POST (Origin of BASE); prints "status location".
sign_in() {
  local jar=$1 base=$2 page csrf
  page=$(mktemp "$WORK/private/page.XXXXXX")
  curl -s --max-time 30 -c "$jar" -b "$jar" -o "$page" "$base/en/sign-in" || true
  csrf=$(csrf_of "$page"); rm -f "$page"
  status_loc -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$csrf" \
    --data-urlencode "next=/en/dashboard" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" "$base/en/sign-in"
}
# session_csrf JAR BASE: the session's CSRF token, from the account bar of the dashboard.
session_csrf() {
  local page csrf
  page=$(mktemp "$WORK/private/page.XXXXXX")
  curl -s --max-time 60 -b "$1" -o "$page" "$2/en/dashboard" || true
  csrf=$(csrf_of "$page"); rm -f "$page"
  echo "$csrf"
}
# publish_activity JAR BASE CSRF TITLE: create a draft activity and publish it through the forms;
# prints "ok ID" or "fail create|publish STATUS".
publish_activity() {
  local jar=$1 base=$2 csrf=$3 title=$4 out id
  out=$(status_loc -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$csrf" -d action=save \
    -d "occurred_on=$(date -u +%F)" -d kind=visit --data-urlencode "title=$title" \
    "$base/en/ties/$TIE/activities/new")
  case $out in
    "303 "*/en/activities/*/edit) ;;
    *) echo "fail create ${out%% *}"; return 0 ;;
  esac
  id=${out%/edit}; id=${id##*/}
  out=$(status_loc -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$csrf" -d version=1 \
    "$base/en/activities/$id/publish")
  case $out in
    "303 "*"/en/activities/$id/edit") echo "ok $id" ;;
    *) echo "fail publish ${out%% *}" ;;
  esac
}

# wrk's Lua script: each thread rotates through the public pages and counts statuses >= 400,
# printed as "statuses: 500=3 ..." at the end.
{
  echo 'local paths = {'
  for p in "${PATHS[@]}"; do echo "  \"$p\","; done
  echo '}'
  cat <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
local i = math.random(#paths) - 1
bad = {}
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body)
  if status >= 400 then bad[status] = (bad[status] or 0) + 1 end
end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("bad") or {}) do all[s] = (all[s] or 0) + n end
  end
  local out = "statuses:"
  for s, n in pairs(all) do out = out .. " " .. s .. "=" .. n end
  print(out)
end
LUA
} >"$WORK/paths.lua"

# run_wrk URL SECONDS OUTFILE: wrk with the rotating paths.
run_wrk() {
  wrk -t2 -c"$CONNS" -d"$2s" --timeout 10s --latency -s "$WORK/paths.lua" "$1" >"$3" 2>&1
}
# wrk_figures OUTFILE: "requests rps errors non2xx socket_errors p50 p99".
wrk_figures() {
  awk '
    /requests in/ { req = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Socket errors:/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non = $NF }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /^statuses:/ { $1 = ""; st = $0; gsub(/^ +/, "", st); gsub(/ /, ",", st) }
    END { printf "%d %.0f %d %d %d %s %s %s\n", req, rps, non + sock, non, sock, p50 ? p50 : "-", p99 ? p99 : "-", st ? st : "-" }
  ' "$1"
}

echo "scaleout: $SRC_BIN ($(stat -c %y "$SRC_BIN" | cut -d. -f1)), $(nproc) cores, wrk -c$CONNS," \
  "kill test ${KILL_SECS}s, soak ${SOAK_SECS}s on: $SOAK_BACKENDS; database $DB"

# ---------------------------------------------------------------------------------------------
section "1. two processes on one PostgreSQL database, behind nginx"
psql "$PG_ADMIN" -qc "CREATE DATABASE \"$DB\"" >/dev/null
DB_CREATED=1
PORT_A=$(free_port); PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
if start_pantau a "$DB_URL" "$PORT_A"; then
  pass "process A starts on the empty database: healthy after ${READY_MS[a]} ms"
else
  fail "process A starts on the empty database"; exit 1
fi
A=http://127.0.0.1:$PORT_A
check "A migrated and imported the starter data" "$(grep -c 'database migrated\|starter data imported' "$WORK/a.err" || true) log lines, $(psql "$DB_URL" -Atc 'SELECT count(*) FROM places') places" \
  grep -q 'starter data imported' "$WORK/a.err"

EMAIL=scaleout-official@surabaya.example
OFFICIAL="Scale-out official"
PASSWORD="so-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PASSWORD" | "$BIN" user add --email "$EMAIL" --role official --place surabaya \
  --name "$OFFICIAL" --database-url "$DB_URL" >/dev/null
pass "official of Surabaya made with \`pantau user add\` on the PostgreSQL database"

if start_pantau b "$DB_URL" "$PORT_B"; then
  READY_B_FIRST=${READY_MS[b]}
  pass "process B starts after A is healthy: healthy after ${READY_MS[b]} ms"
else
  fail "process B starts after A is healthy"; exit 1
fi
B=http://127.0.0.1:$PORT_B
check "B found the schema and the starter data in place" "no migration, no import in its log" \
  bash -c "! grep -q 'database migrated\|starter data imported' '$WORK/b.err'"

PORT_N=$(free_port)
N=http://127.0.0.1:$PORT_N
mkdir -m 755 -p "$WORK/nginx" "$WORK/nginx/tmp" "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  log_format scaleout '\$msec|\$status|\$upstream_addr|\$upstream_status|\$request_time|\$request_uri';
  access_log $WORK/nginx/logs/access.log scaleout buffer=64k flush=1s;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  upstream pantau {
    server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=3s;
    server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=3s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PORT_N;
    location / {
      proxy_pass http://pantau;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # \$http_host, not \$host: nginx listens on a non-default port here, and the Host pantau
      # sees must be the one in the browser's Origin header, port included (else POSTs get 403).
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Host "";
      proxy_set_header Forwarded "";
      # Retry on the other process when one does not answer; nginx never retries a POST that
      # reached a backend (non-idempotent), only GET/HEAD.
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
  2>"$WORK/nginx/logs/stderr" &
NGINX_PID=$!
for _ in $(seq 1 100); do [ "$(code "$N/healthz")" = 200 ] && break; sleep 0.05; done
check "nginx proxies to both backends" "/healthz through nginx: $(code "$N/healthz"), A: $(code "$A/healthz"), B: $(code "$B/healthz")" \
  test "$(code "$N/healthz")$(code "$A/healthz")$(code "$B/healthz")" = 200200200

# Two processes started at the same moment on another empty database: they take turns
# (PostgreSQL advisory lock in startup.rs), so both come up and the set-up runs once.
psql "$PG_ADMIN" -qc "CREATE DATABASE \"$DB2\"" >/dev/null
DB2_CREATED=1
launch_pantau t1 "$PG_BASE/$DB2" "$(free_port)"
launch_pantau t2 "$PG_BASE/$DB2" "$(free_port)"
ok1=0; ok2=0
wait_pantau t1 && ok1=1
wait_pantau t2 && ok2=1
migrated=$(cat "$WORK/t1.err" "$WORK/t2.err" | grep -c 'database migrated' || true)
imported=$(cat "$WORK/t1.err" "$WORK/t2.err" | grep -c 'starter data imported' || true)
check "two processes started at the same moment on an empty database both come up" \
  "healthy: $ok1 $ok2 (${READY_MS[t1]:-—} / ${READY_MS[t2]:-—} ms); migrated $migrated time(s), imported $imported time(s), $(psql "$PG_BASE/$DB2" -Atc 'SELECT count(*) FROM places' 2>/dev/null || echo '?') places" \
  test "$ok1$ok2-$migrated-$imported" = 11-1-1
stop_pantau t1; stop_pantau t2

# ---------------------------------------------------------------------------------------------
section "2. sessions and writes across processes"
JAR=$WORK/private/jar
TITLE="Scale-out visit $$-$(date +%s)"
# Prime the caches: A renders the tie page (twice, the second from its page cache) before the write.
for base in "$A" "$A" "$B" "$N" "$N"; do curl -s -o /dev/null --max-time 60 "$base/en/ties/$TIE"; done
check "before the write, the tie page on A does not show the new activity" "(A's cached copy)" \
  bash -c "! curl -s --max-time 60 '$A/en/ties/$TIE' | grep -qF '$TITLE'"

out=$(sign_in "$JAR" "$A")
check "sign in through A" "$out" test "${out%% *}" = 303
dash=$(curl -s --max-time 60 -b "$JAR" -w '\n%{http_code}' "$B/en/dashboard" || true)
check "the cookie from A is a session on B" "dashboard on B: $(tail -1 <<<"$dash"), names the official: $(grep -c "$OFFICIAL" <<<"$dash" || true) time(s)" \
  test "$(tail -1 <<<"$dash")" = 200 -a "$(grep -c "$OFFICIAL" <<<"$dash" || true)" -gt 0
CSRF=$(session_csrf "$JAR" "$B")
out=$(publish_activity "$JAR" "$B" "$CSRF" "$TITLE")
check "create + publish an activity through B with the same cookie" "$out" test "${out%% *}" = ok
# A learns of B's write from its version watcher (every 250 ms), not from a message: the
# change shows on A within the issue's 1 s, without A's readers asking the database.
t0=$(date +%s%N); shown=
while [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 1000 ]; do
  if curl -s --max-time 60 "$A/en/ties/$TIE" | grep -qF "$TITLE"; then shown=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
  sleep 0.02
done
check "A shows B's write within 1 s (its cached tie page was replaced)" "tie page on A: ${shown:-not} shown${shown:+ after $shown ms}" \
  test -n "$shown"
seen=()
for _ in 1 2 3 4 5 6; do
  hdr=$(mktemp "$WORK/private/h.XXXXXX")
  body=$(curl -s --max-time 60 -D "$hdr" "$N/en/ties/$TIE" || true)
  up=$(awk 'tolower($1) == "x-upstream:" { print $2 }' "$hdr" | tr -d '\r'); rm -f "$hdr"
  if grep -qF "$TITLE" <<<"$body"; then seen+=("$up"); else seen+=("$up(missing)"); fi
done
ups=$(printf '%s\n' "${seen[@]}" | sort | uniq -c | awk '{ printf "%s%s×%s", sep, $2, $1; sep = ", " }')
check "the record is visible through nginx, served by both backends" "$ups" \
  bash -c "! grep -q missing <<<'${seen[*]}' && grep -q ':$PORT_A' <<<'${seen[*]}' && grep -q ':$PORT_B' <<<'${seen[*]}'"

cp "$JAR" "$JAR.before-sign-out"
out=$(status_loc -b "$JAR" -c "$JAR" -H "Origin: $B" --data-urlencode "csrf=$CSRF" "$B/en/sign-out")
check "sign out through B" "$out" bash -c "[[ '$out' == '303 '*/en/sign-in ]]"
out=$(status_loc -b "$JAR.before-sign-out" "$A/en/dashboard")
check "the signed-out cookie is refused on A (GET)" "dashboard: $out" bash -c "[[ '$out' == 303\ */en/sign-in* ]]"
out=$(code -b "$JAR.before-sign-out" -H "Origin: $A" --data-urlencode "csrf=$CSRF" -d action=save \
  -d "occurred_on=$(date -u +%F)" -d kind=visit -d "title=After sign-out" "$A/en/ties/$TIE/activities/new")
check "the signed-out cookie is refused on A (POST)" "create: $out" test "$out" = 403

# The forms through nginx: Origin and Host must agree through the proxy.
NJAR=$WORK/private/jar-nginx
out=$(sign_in "$NJAR" "$N")
check "sign in through nginx" "$out" test "${out%% *}" = 303
ups=()
for _ in 1 2 3 4; do
  hdr=$(mktemp "$WORK/private/h.XXXXXX")
  c=$(curl -s -o /dev/null -D "$hdr" -w '%{http_code}' --max-time 60 -b "$NJAR" "$N/en/dashboard" || echo 000)
  ups+=("$c@$(awk 'tolower($1) == "x-upstream:" { print $2 }' "$hdr" | tr -d '\r')"); rm -f "$hdr"
done
check "signed-in pages through nginx from both backends" "${ups[*]}" \
  bash -c "! grep -qv '^200@' <(printf '%s\n' ${ups[*]}) && grep -q ':$PORT_A' <<<'${ups[*]}' && grep -q ':$PORT_B' <<<'${ups[*]}'"
NCSRF=$(session_csrf "$NJAR" "$N")
cp "$NJAR" "$NJAR.before-sign-out"
out=$(status_loc -b "$NJAR" -c "$NJAR" -H "Origin: $N" --data-urlencode "csrf=$NCSRF" "$N/en/sign-out")
check "sign out through nginx" "$out" bash -c "[[ '$out' == '303 '*/en/sign-in ]]"
outs=$(for base in "$A" "$B"; do status_loc -b "$NJAR.before-sign-out" "$base/en/dashboard" | cut -d' ' -f1; done | tr '\n' ' ')
check "that cookie is refused on both backends" "dashboard on A and B: $outs" test "$outs" = "303 303 "

# ---------------------------------------------------------------------------------------------
section "3. SIGKILL of one process under load through nginx"
: >"$WORK/nginx/logs/access.log"
KILL_AT_S=$(( KILL_SECS / 3 ))
run_wrk "$N" "$KILL_SECS" "$WORK/wrk-kill.txt" &
WRK_PID=$!
BG_PIDS+=("$WRK_PID")
sleep "$KILL_AT_S"
KILL_T=$(date +%s.%N)
KILLED_PID=${PID[b]}
kill -9 "$KILLED_PID"
wait "$KILLED_PID" 2>/dev/null || true
PID[b]=
wait "$WRK_PID" || true
BG_PIDS=()
sleep 1.2   # nginx flushes its access log every second
read -r k_req k_rps k_err k_non k_sock _ _ _ < <(wrk_figures "$WORK/wrk-kill.txt")
# From nginx's log: what B served before the kill, and what happened afterwards.
# Fields: end time|status|upstream(s)|upstream status(es)|duration|URI. 499: wrk closed the
# connection at its end (not a failure).
read -r b_before inflight inflight_failed after_total after_failed retried < <(awk -F'|' -v t="$KILL_T" -v b="127.0.0.1:$PORT_B" '
  $1 < t && $3 == b { bb++ }
  $1 - $5 < t && $1 >= t && index($3, b) == 1 { fl++; if ($2 !~ /^[23]/ && $2 != 499) ff++ }
  $1 - $5 >= t && $2 != 499 { n++; if ($2 !~ /^[23]/) f++ }
  $1 >= t && $3 ~ /,/ { r++ }
  END { printf "%d %d %d %d %d %d\n", bb, fl, ff, n, f, r }' "$WORK/nginx/logs/access.log")
check "B served part of the load before the kill" "$b_before requests in the first ${KILL_AT_S}s" test "$b_before" -gt 0
check "A keeps serving after B is killed" "/healthz on A: $(code "$A/healthz"), through nginx: $(code "$N/healthz")" \
  test "$(code "$A/healthz")$(code "$N/healthz")" = 200200
check "only requests in flight may fail" "$k_err failed of $k_req (non-2xx/3xx $k_non, socket errors/timeouts $k_sock) <= $CONNS connections" \
  test "$k_err" -le "$CONNS"
echo "     nginx log: $inflight requests were in flight on B at the kill, $inflight_failed of them failed;" \
  "$retried requests in all were retried on A after B failed (connection reset or refused)"
check "requests after the kill succeed" "nginx log: $after_failed failed of $after_total started after the kill" \
  test "$after_total" -gt 0 -a "$after_failed" -eq 0
POST_SECS=$(( KILL_SECS / 2 > 3 ? KILL_SECS / 2 : 3 ))
run_wrk "$N" "$POST_SECS" "$WORK/wrk-after.txt" || true
read -r p_req p_rps p_err _ _ _ _ _ < <(wrk_figures "$WORK/wrk-after.txt")
check "a new load on the one process left has no errors" "${POST_SECS}s: $p_req requests, $p_rps req/s, $p_err errors" \
  test "$p_err" -eq 0 -a "$p_req" -gt 0
if start_pantau b "$DB_URL" "$PORT_B"; then
  rejoined=
  for _ in $(seq 1 60); do
    hdr=$(mktemp "$WORK/private/h.XXXXXX")
    curl -s -o /dev/null -D "$hdr" --max-time 30 "$N/en/ties" || true
    awk 'tolower($1) == "x-upstream:" { print $2 }' "$hdr" | grep -q ":$PORT_B" && rejoined=1
    rm -f "$hdr"
    [ -n "$rejoined" ] && break
    sleep 0.1
  done
  check "B restarted on its port gets traffic through nginx again" "healthy after ${READY_MS[b]} ms" test -n "$rejoined"
else
  fail "B restarts after the kill"
fi

# ---------------------------------------------------------------------------------------------
# Soak: one process, mixed public pages, an official publishing every second.
declare -A FIG
soak() {
  local backend=$1 url name=soak-$1 port base jar csrf t0 pub_pid smp_pid
  section "4. soak on $backend: ${SOAK_SECS}s of mixed public pages on one process, a publication per second"
  if [ "$backend" = postgres ]; then
    url=$DB_URL
  else
    url=$WORK/soak.db
  fi
  port=$(free_port)
  if ! start_pantau "$name" "$url" "$port"; then fail "soak $backend: the process starts"; return; fi
  base=http://127.0.0.1:$port
  if [ "$backend" = sqlite ]; then
    printf '%s\n' "$PASSWORD" | "$BIN" user add --email "$EMAIL" --role official --place surabaya \
      --database-url "$url" >/dev/null
  fi
  local pid=${PID[$name]}
  FIG[$backend-rss-start]=$(rss_mb "$pid")
  jar=$WORK/private/jar-$backend
  local out; out=$(sign_in "$jar" "$base")
  [ "${out%% *}" = 303 ] || { fail "soak $backend: sign in ($out)"; return; }
  csrf=$(session_csrf "$jar" "$base")
  rm -f "$WORK/stop"
  : >"$WORK/pub-$backend.log"
  : >"$WORK/rss-$backend.log"
  local tag="Soak $backend $$"
  # The official: one activity created and published per second, through the forms.
  (
    i=0; start=$(now_ms)
    while [ ! -e "$WORK/stop" ]; do
      i=$((i + 1)); t=$(now_ms)
      r=$(publish_activity "$jar" "$base" "$csrf" "$tag (#$i)")
      echo "$r $i $(( $(now_ms) - t ))" >>"$WORK/pub-$backend.log"
      wait_ms=$(( start + i * 1000 - $(now_ms) ))
      [ "$wait_ms" -gt 0 ] && sleep "$(awk -v m="$wait_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    done
  ) &
  pub_pid=$!
  BG_PIDS+=("$pub_pid")
  # RSS every second.
  (
    s=0
    while [ ! -e "$WORK/stop" ]; do echo "$s $(rss_mb "$pid") $(threads_of "$pid")" >>"$WORK/rss-$backend.log"; sleep 1; s=$((s + 1)); done
  ) &
  smp_pid=$!
  BG_PIDS+=("$smp_pid")
  t0=$SECONDS
  run_wrk "$base" "$SOAK_SECS" "$WORK/wrk-soak-$backend.txt" || true
  FIG[$backend-rss-end]=$(rss_mb "$pid")
  FIG[$backend-hwm]=$(hwm_mb "$pid")
  FIG[$backend-threads]=$(threads_of "$pid")
  touch "$WORK/stop"
  wait "$pub_pid" "$smp_pid" 2>/dev/null || true
  BG_PIDS=()
  local secs=$((SECONDS - t0))
  FIG[$backend-rss-warm]=$(awk -v w="$WARM_SECS" '$1 >= w { print $2; exit }' "$WORK/rss-$backend.log")
  FIG[$backend-rss-series]=$(awk -v step=$(( SOAK_SECS / 6 > 1 ? SOAK_SECS / 6 : 1 )) '$1 % step == 0 { printf "%s%s", sep, $2; sep = " " }' "$WORK/rss-$backend.log")
  read -r req rps err non sock p50 p99 statuses < <(wrk_figures "$WORK/wrk-soak-$backend.txt")
  local acked attempted failed last lat
  acked=$(grep -c '^ok ' "$WORK/pub-$backend.log" || true)
  attempted=$(wc -l <"$WORK/pub-$backend.log")
  failed=$(grep -c '^fail' "$WORK/pub-$backend.log" || true)
  lat=$(awk '{ n++; s += $NF; if ($NF > m) m = $NF } END { if (n) printf "mean %.0f ms, max %d ms", s / n, m }' "$WORK/pub-$backend.log")
  last=$(awk '$1 == "ok" { l = $(NF - 1) } END { print l }' "$WORK/pub-$backend.log")
  FIG[$backend]="$req requests in ${SOAK_SECS}s, $rps req/s, p50 $p50, p99 $p99, errors $err (non-2xx/3xx $non [$statuses], socket errors/timeouts $sock)"
  FIG[$backend-pub]="$acked acknowledged of $attempted attempted ($failed failed), $lat"
  echo "wrk: ${FIG[$backend]}"
  echo "publications: ${FIG[$backend-pub]}"
  echo "RSS MB (every $(( SOAK_SECS / 6 > 1 ? SOAK_SECS / 6 : 1 ))s): ${FIG[$backend-rss-series]}"
  check "soak $backend: no errors under load" "$err errors in $req requests (${secs}s)" test "$err" -eq 0 -a "$req" -gt 0
  check "soak $backend: every publication acknowledged" "${FIG[$backend-pub]}" test "$failed" -eq 0 -a "$acked" -gt 0
  check "soak $backend: the last publication is on the public tie page" "\"$tag (#$last)\"" \
    bash -c "curl -s --max-time 60 '$base/en/ties/$TIE' | grep -qF '$tag (#$last)'"
  check "soak $backend: memory flat" "RSS start ${FIG[$backend-rss-start]} MB, after ${WARM_SECS}s warm-up ${FIG[$backend-rss-warm]} MB, end ${FIG[$backend-rss-end]} MB (limit +50%), peak ${FIG[$backend-hwm]} MB, ${FIG[$backend-threads]} threads" \
    le "${FIG[$backend-rss-end]}" "$(awk -v w="${FIG[$backend-rss-warm]:-0}" 'BEGIN { print w * 1.5 }')"
  stop_pantau "$name"
}

stop_pantau a
stop_pantau b
kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=
for backend in $SOAK_BACKENDS; do soak "$backend"; done

# ---------------------------------------------------------------------------------------------
section "figures"
echo "binary: $SRC_BIN; $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "start to /healthz: A (migrate + import) ${READY_MS[a]} ms, B ${READY_B_FIRST} ms, B again after the kill ${READY_MS[b]:-} ms"
echo "kill test: ${KILL_SECS}s through nginx, -c$CONNS, SIGKILL of B at ${KILL_AT_S}s: $k_req requests ($k_rps req/s), $k_err failed;" \
  "in flight on B at the kill $inflight ($inflight_failed failed), after the kill $after_total requests, $after_failed failed, $retried retried on A in all; then ${POST_SECS}s on A alone: $p_req requests, $p_rps req/s, $p_err errors"
for backend in $SOAK_BACKENDS; do
  echo "soak $backend: ${FIG[$backend]:-not run}"
  echo "  publications: ${FIG[$backend-pub]:-}"
  echo "  RSS: start ${FIG[$backend-rss-start]:-} MB, after warm-up ${FIG[$backend-rss-warm]:-} MB, end ${FIG[$backend-rss-end]:-} MB, peak ${FIG[$backend-hwm]:-} MB"
done
echo "took ${SECONDS}s"
echo
if [ "$FAILS" -gt 0 ]; then
  echo "scaleout: $PASSES passed, $FAILS FAILED: ${FAILED[*]}"
  exit 1
fi
echo "scaleout: all $PASSES checks passed"
