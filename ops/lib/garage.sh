# Garage, the uploads' object store, for the tests (scripts/test.sh: one
# node; ops/faults/test-faults.sh: three nodes with three copies). The
# binary is `cargo install garage` at the pinned version, into a cached
# directory that later runs reuse; each node's garage.toml is rendered from
# the Ansible role's template (roles/garage). Source it; it defines
# functions only.
#
#   garage_install                  the pinned binary in GARAGE_BIN (built once)
#   garage_inventory_hosts DIR BASE N RF   inventory lines of N nodes ga1..gaN
#   garage_single DIR BASE          render, start and set up one node (RF 1)
#   garage_start N / garage_stop N  start or stop (SIGTERM) node N
#   garage_setup N                  connect N nodes, apply the layout, import
#                                   the key, make the bucket
#   garage_s3_port N / garage_admin_port N
#   garage_same_block_files         every node holds the same block files
#   garage_stop_all
# After garage_init/garage_single: GARAGE_KEY_ID, GARAGE_SECRET, GARAGE_BUCKET.

GARAGE_VERSION=2.5.0
GARAGE_BUCKET=yass-uploads

garage_install() {
  local root tools dir start
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  tools="${YASS_CI_TOOLS:-${CARGO_TARGET_DIR:-$root/target}/tools}"
  dir="$tools/garage-$GARAGE_VERSION"
  GARAGE_BIN="$dir/bin/garage"
  export GARAGE_BIN
  if "$GARAGE_BIN" --version 2>/dev/null | grep -q "cargo:$GARAGE_VERSION"; then return 0; fi
  echo "installing Garage $GARAGE_VERSION into $dir (once; later runs reuse it)"
  start=$SECONDS
  # Only what the store needs: LMDB metadata, the metrics endpoint.
  cargo install -q garage --version "$GARAGE_VERSION" --locked --no-default-features \
    --features bundled-libs,metrics,lmdb --root "$dir" --target-dir "$tools/garage-build" || return 1
  rm -rf "$tools/garage-build"
  echo "Garage $GARAGE_VERSION installed in $((SECONDS - start)) s"
}

# Node N's ports, from the base: S3 API, RPC, admin API.
garage_s3_port() { echo $((GARAGE_BASE + 10 * $1)); }
_garage_rpc_port() { echo $((GARAGE_BASE + 10 * $1 + 1)); }
garage_admin_port() { echo $((GARAGE_BASE + 10 * $1 + 3)); }

_garage_secrets() {
  [[ -n "${GARAGE_RPC_SECRET:-}" ]] && return 0
  GARAGE_RPC_SECRET="$(python3 -c 'import secrets;print(secrets.token_hex(32))')"
  GARAGE_ADMIN_TOKEN="$(python3 -c 'import secrets;print(secrets.token_hex(16))')"
  GARAGE_KEY_ID="GK$(python3 -c 'import secrets;print(secrets.token_hex(12))')"
  GARAGE_SECRET="$(python3 -c 'import secrets;print(secrets.token_hex(32))')"
  export GARAGE_RPC_SECRET GARAGE_ADMIN_TOKEN GARAGE_KEY_ID GARAGE_SECRET
}

# Prints the yass_garage group of an inventory (under `children:`, four
# spaces in) and remembers where the nodes live.
garage_inventory_hosts() { # DIR BASE N RF
  GARAGE_DIR="$1"; GARAGE_BASE="$2"; GARAGE_NODES="$3"
  export GARAGE_DIR GARAGE_BASE GARAGE_NODES
  local rf="$4" n
  _garage_secrets
  printf '    yass_garage:\n      vars:\n'
  printf '        garage_replication_factor: %s\n        garage_rpc_secret: %s\n' "$rf" "$GARAGE_RPC_SECRET"
  printf '        garage_admin_token: %s\n        garage_metrics_token: %s\n' "$GARAGE_ADMIN_TOKEN" "$GARAGE_ADMIN_TOKEN"
  # A short RPC timeout: a returning node fetches what it missed after
  # twice this (the fault test waits for it).
  printf '        garage_address: 127.0.0.1\n        garage_capacity: 1G\n        garage_rpc_timeout_msec: 5000\n      hosts:\n'
  for ((n = 1; n <= GARAGE_NODES; n++)); do
    cat <<INV
        ga$n:
          garage_s3_port: $(garage_s3_port "$n")
          garage_rpc_port: $(_garage_rpc_port "$n")
          garage_admin_port: $(garage_admin_port "$n")
          garage_metadata_dir: $GARAGE_DIR/ga$n/meta
          garage_data_dir: $GARAGE_DIR/ga$n/data
INV
  done
}

garage_cli() { local n="$1"; shift; "$GARAGE_BIN" -c "$GARAGE_DIR/render/ga$n/garage.toml" "$@"; }

garage_start() {
  local n="$1" d="$GARAGE_DIR/ga$1"
  mkdir -p "$d/meta" "$d/data"
  RUST_LOG=garage=warn "$GARAGE_BIN" -c "$GARAGE_DIR/render/ga$n/garage.toml" server >>"$d/garage.log" 2>&1 &
  echo $! >"$d/pid"
  local i
  for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null "http://127.0.0.1:$(garage_admin_port "$n")/health" && return 0
    sleep 0.1
  done
  echo "garage node $n did not start; its log:" >&2; tail -20 "$d/garage.log" >&2; return 1
}

garage_stop() {
  local d="$GARAGE_DIR/ga$1" pid
  pid="$(cat "$d/pid" 2>/dev/null)" || return 0
  kill "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$d/pid"
}

garage_stop_all() {
  local n
  for ((n = 1; n <= ${GARAGE_NODES:-0}; n++)); do garage_stop "$n"; done
}

# Until every node's /health says the cluster serves reads and writes.
garage_wait_healthy() { # SECS
  local secs="${1:-60}" i n healthy
  for ((i = 0; i < secs * 5; i++)); do
    healthy=1
    for ((n = 1; n <= GARAGE_NODES; n++)); do
      [[ -f "$GARAGE_DIR/ga$n/pid" ]] || continue
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(garage_admin_port "$n")/health")" == 200 ]] || healthy=0
    done
    [[ $healthy == 1 ]] && return 0
    sleep 0.2
  done
  echo "garage not healthy after ${secs}s" >&2; garage_cli 1 status >&2 || true; return 1
}

# Compares the data block files of nodes 1..GARAGE_NODES: a block file is
# named by its content's hash (<hash>, or <hash>.zst when stored
# compressed; in data/xx/yy/), so at three copies every node must hold
# the same names with the same sizes. A block some node lacks is excused
# only when every node's reference count for it is 0 (a deleted file's
# block: no node fetches it, and each removes its copy after Garage's
# 10-minute delay); that is asked for at most MAX_ASKED such blocks
# (default 10: more means a node is still fetching). Prints what it found;
# returns 1 if any block is missing somewhere or differs.
garage_same_block_files() { # [MAX_ASKED]
  python3 - "$GARAGE_BIN" "$GARAGE_DIR" "$GARAGE_NODES" "${1:-10}" <<'PY'
import os, re, subprocess, sys
garage, root, n, max_asked = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
name = re.compile(r"^([0-9a-f]{64})(\.zst)?$")   # not *.tmpXXXXXXXX, *.corrupted
held = {}   # node -> {hash: "SIZE" or "SIZE zst"}
for node in range(1, n + 1):
    blocks = held[node] = {}
    for d, _, files in os.walk(f"{root}/ga{node}/data"):
        for f in files:
            m = name.match(f)
            if m:
                try:
                    size = os.path.getsize(os.path.join(d, f))
                except FileNotFoundError:   # replaced meanwhile
                    continue
                blocks[m.group(1)] = f"{size}{' zst' if m.group(2) else ''}"
every = set().union(*held.values())
lacking = {h: [node for node in held if h not in held[node]] for h in every}
lacking = {h: nodes for h, nodes in lacking.items() if nodes}
differ = sorted(h for h in every if len({held[node][h] for node in held if h in held[node]}) > 1)
excused = set()
if lacking and len(lacking) <= max_asked:
    for h in lacking:
        rcs = []
        for node in held:
            out = subprocess.run([garage, "-c", f"{root}/render/ga{node}/garage.toml", "block", "info", h],
                                 capture_output=True, text=True).stdout
            m = re.search(r"Refcount:\s+(\d+)", out)
            rcs.append(m.group(1) if m else "?")
        if all(rc == "0" for rc in rcs):
            excused.add(h)
missing = {h: nodes for h, nodes in lacking.items() if h not in excused}
counts = " | ".join(str(len(held[node])) for node in held)
if not missing and not differ:
    if excused:
        print(f"block files on nodes 1..{n}: {counts}; every block still referenced is on every node,"
              f" same sizes; {len(excused)} deleted block(s) not yet removed are on some nodes only")
    else:
        print(f"block files on nodes 1..{n}: {counts}, the same names and sizes on each")
    sys.exit(0)
msg = [f"block files differ between the nodes (held: {counts})"]
for node in held:
    mine = sorted(h for h, nodes in missing.items() if node in nodes)
    if mine:
        msg.append(f"node {node} lacks {len(mine)} block(s) another node holds, e.g. {', '.join(h[:16] for h in mine[:3])}")
if differ:
    msg.append(f"{len(differ)} block(s) differ in size or form, e.g. "
               + "; ".join(f"{h[:16]}: " + ", ".join(f"node {node} {held[node][h]}" for node in held if h in held[node])
                           for h in differ[:3]))
print("; ".join(msg))
sys.exit(1)
PY
}

garage_setup() {
  local n id ids=()
  for ((n = 1; n <= GARAGE_NODES; n++)); do
    id="$(garage_cli "$n" node id -q 2>/dev/null)" || return 1
    ids+=("$id")
  done
  for ((n = 2; n <= GARAGE_NODES; n++)); do garage_cli 1 node connect "${ids[n - 1]}" >/dev/null || return 1; done
  for id in "${ids[@]}"; do garage_cli 1 layout assign -z dc1 -c 1G "${id%@*}" >/dev/null || return 1; done
  garage_cli 1 layout apply --version 1 >/dev/null || return 1
  garage_cli 1 key import --yes -n yass "$GARAGE_KEY_ID" "$GARAGE_SECRET" >/dev/null || return 1
  garage_cli 1 bucket create "$GARAGE_BUCKET" >/dev/null || return 1
  garage_cli 1 bucket allow --read --write --owner "$GARAGE_BUCKET" --key yass >/dev/null || return 1
  garage_wait_healthy 60
}

# One node (one copy) for the API tests: rendered, started, set up.
garage_single() { # DIR BASE
  local dir="$1" ops
  ops="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  command -v ansible-playbook >/dev/null || python3 -m pip install -q ansible-core >/dev/null
  mkdir -p "$dir"
  {
    printf 'all:\n  vars:\n    ansible_connection: local\n'
    printf '    ansible_python_interpreter: "{{ ansible_playbook_python }}"\n  children:\n'
    garage_inventory_hosts "$dir" "$2" 1 1
  } >"$dir/inventory.yml"
  (cd "$ops/ansible" && ANSIBLE_STDOUT_CALLBACK=minimal ansible-playbook -i "$dir/inventory.yml" \
    tests/render-cluster.yml -e "render_dir=$dir/render") >"$dir/render.log" 2>&1 ||
    { cat "$dir/render.log" >&2; return 1; }
  garage_start 1 && garage_setup
}
