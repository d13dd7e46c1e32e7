#!/usr/bin/env bash
# API and feed checks against a running server: the OpenAPI document is valid (openapi-spec-validator),
# every Atom feed parses without errors (feedparser, no bozo), and schemathesis finds no failure
# against /api/openapi.json. Usage: bash tools/api/check.sh http://127.0.0.1:PORT
set -euo pipefail
BASE=${1:?usage: tools/api/check.sh BASE_URL}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=${PANTAU_API_VENV:-$HERE/../../target/api-venv}
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
fi
passed=0
failed=0
run() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

run "OpenAPI document is valid" "$VENV/bin/python" - "$BASE" <<'PY'
import json, sys, urllib.request
from openapi_spec_validator import validate
doc = json.load(urllib.request.urlopen(sys.argv[1] + "/api/openapi.json"))
validate(doc)
print("openapi", doc["openapi"], "with", len(doc["paths"]), "paths")
PY

run "Atom feeds parse (no bozo)" "$VENV/bin/python" - "$BASE" <<'PY'
import sys, feedparser, urllib.request
base = sys.argv[1]
bad = 0
for path in ["/id/feed.atom", "/en/feed.atom", "/en/places/bandung/feed.atom", "/id/ties/ikn-nusantara--astana-kz/feed.atom", "/en/ties/surabaya--liverpool-gb/feed.atom"]:
    body = urllib.request.urlopen(base + path).read()
    feed = feedparser.parse(body)
    ok = not feed.bozo and feed.version == "atom10" and all(e.get("id") and e.get("updated") and e.get("link") for e in feed.entries)
    print(("ok  " if ok else "BAD ") + path, len(feed.entries), "entries", feed.get("bozo_exception", ""))
    bad += 0 if ok else 1
sys.exit(1 if bad else 0)
PY

run "schemathesis: no failure" "$VENV/bin/schemathesis" run "$BASE/api/openapi.json" --checks all --max-examples 25 --request-timeout 10 --no-color

echo "api: $passed passed, $failed failed"
[ "$failed" = 0 ]
