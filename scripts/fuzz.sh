#!/usr/bin/env bash
# Fuzzing from the contract: schemathesis (PyPI, pinned) generates requests
# from the committed OpenAPI document and sends them to a live `yass serve
# --demo`, anonymously and with each role's token. Fails on any response
# >= 500. The demo's slug is the only `{site}` offered, so operations are
# reached instead of answering 404 for random slugs.
#
#   scripts/fuzz.sh YASS_BINARY [MAX_EXAMPLES]   (make fuzz: a longer run)
set -euo pipefail
cd "$(dirname "$0")/.."
YASS=${1:?usage: scripts/fuzz.sh YASS_BINARY [MAX_EXAMPLES]}
MAX_EXAMPLES=${2:-${FUZZ_MAX_EXAMPLES:-5}}
SEED=${FUZZ_SEED:-20261203}
SCHEMATHESIS_VERSION=4.32.5
TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
VENV="$TARGET_DIR/tools/fuzz-venv"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
YASS_ARGON2_MEMORY_KIB=64 YASS_ARGON2_ITERATIONS=1 \
  "$YASS" serve --demo --bind "127.0.0.1:$port" --data-dir "$work/data" --spa-dir "$work" \
  >"$work/yass.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

token() { # slug account password
  local url="$base/api/v1/sites/$1/auth/login"
  [ "$1" = "-" ] && url="$base/api/v1/auth/login"
  curl -fsS -H 'content-type: application/json' \
    -d "{\"account\":\"$2\",\"password\":\"$3\"}" "$url" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
"$YASS" user create --platform-admin --account fuzzroot --password 'fuzz-root-pass' \
  --data-dir "$work/data" >/dev/null

# The committed document, with `{site}` limited to the demo school.
python3 - "$work/openapi.json" <<'EOF'
import json, sys
doc = json.load(open("openapi/openapi.json"))
for path in doc["paths"].values():
    for op in path.values():
        if not isinstance(op, dict):
            continue
        for p in op.get("parameters", []):
            if p.get("in") == "path" and p.get("name") == "site":
                p["schema"] = {"type": "string", "enum": ["demo"]}
json.dump(doc, open(sys.argv[1], "w"))
EOF

# No automatic sign-up: the anonymous run stays anonymous.
printf '[auth]\nauto-signup = false\n' >"$work/schemathesis.toml"

failed=0
run() { # role [header]
  local role=$1; shift
  echo "==> fuzz as $role"
  if "$VENV/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$work/openapi.json" --url "$base" "$@" \
    --checks not_a_server_error --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
    --phases examples,coverage,fuzzing --request-timeout 10 --no-color \
    >"$work/$role.txt" 2>&1; then
    grep -E "passed|failed|Test cases|API Operations" "$work/$role.txt" | tail -4
    echo "ok: $role"
  else
    failed=$((failed + 1))
    tail -60 "$work/$role.txt"
    echo "FAILED: $role"
  fi
}
run anonymous
# Signed-in roles skip sign-out and refresh: a sign-out ends the access token
# the rest of the run uses (tested in the API suite instead).
keep_session=(--exclude-path-regex 'auth/(logout|refresh)')
run site-admin "${keep_session[@]}" -H "Authorization: Bearer $(token demo admin admin-demo-pass)"
run staff "${keep_session[@]}" -H "Authorization: Bearer $(token demo academic academic-demo-pass)"
run student "${keep_session[@]}" -H "Authorization: Bearer $(token demo student student-demo-pass)"
run platform-admin "${keep_session[@]}" -H "Authorization: Bearer $(token - fuzzroot fuzz-root-pass)"
if grep -q "panicked" "$work/yass.log"; then
  echo "yass panicked:"; grep -A5 panicked "$work/yass.log" | head -40
  failed=$((failed + 1))
fi
echo "fuzz: $((5 - failed)) roles without a server error, $failed failed"
[ "$failed" -eq 0 ]
