#!/usr/bin/env bash
# Builds the Leptos SPA into dist/spa/ (served by `yass` via YASS_SPA_DIR):
# two bundles from one cargo build, the visitor site (yass-web-spa, shell
# index.html) and the admin dashboard (yass-web-admin, shell admin.html); the
# server picks the shell by the path (docs/decisions/0006-spa-two-bundles.md).
#
#   scripts/build-spa.sh [debug|release]     (default: release)
#
# Needs only the package registries: installs the wasm32 target, the
# wasm-bindgen CLI matching Cargo.lock, and (release) binaryen's wasm-opt from
# npm (e2e/package.json; Debian's binaryen breaks the module). Output file
# names carry a content hash, so they can be cached forever; index.html keeps
# the `<!--yass:head-->` marker for the server. Honours CARGO_TARGET_DIR.
# Re-running with nothing changed only re-checks cargo and exits.
set -euo pipefail

mode="${1:-release}"
case "$mode" in
  release) profile=wasm-release; profile_dir=wasm-release ;;
  debug) profile=dev; profile_dir=debug ;;
  *) echo "usage: $0 [debug|release]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
src="$root/crates/web-spa"
out="$root/dist/spa"
# bundle name (cargo bin) -> HTML shell
site=yass-web-spa
admin=yass-web-admin

log() { printf '[build-spa] %s\n' "$*" >&2; }

# 1. Toolchain pieces.
# (no `| grep -q`: under pipefail its early exit can fail the pipeline)
if ! grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed)"; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
want_bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
have_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ -z "$want_bindgen" ]; then
  echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1
fi
if [ "$have_bindgen" != "$want_bindgen" ]; then
  log "installing wasm-bindgen-cli $want_bindgen (have: ${have_bindgen:-none})"
  cargo install wasm-bindgen-cli --version "$want_bindgen"
fi
wasm_opt="$root/e2e/node_modules/.bin/wasm-opt"
if [ "$mode" = release ] && [ ! -x "$wasm_opt" ]; then
  log "installing binaryen (wasm-opt) from npm into e2e/node_modules"
  (cd "$root/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  # Same stamp as e2e/run.sh, so the tests do not reinstall.
  sha256sum "$root/e2e/package-lock.json" | cut -c1-64 > "$root/e2e/node_modules/.yass-lock-sum"
fi

# 2. Compile (one cargo build: both binaries share the compiled library).
log "cargo build ($mode)"
cargo build -p yass-web-spa --bins --target wasm32-unknown-unknown --profile "$profile"
wasm_dir="$target_dir/wasm32-unknown-unknown/$profile_dir"

# 3. Skip the rest when neither the wasm files nor the static files changed.
stamp_val="$mode $(cat "$wasm_dir/$site.wasm" "$wasm_dir/$admin.wasm" "$src/index.html" "$src/start.js" "$src/style.css" | sha256sum | cut -c1-64) $want_bindgen"
# The stamp lives beside the build output, not in dist/spa (which is served).
stamp="$target_dir/yass-web-spa.dist-stamp"
stamp_val="$stamp_val $out"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_val" ] && [ -f "$out/index.html" ] && [ -f "$out/admin.html" ]; then
  log "dist/spa is up to date"
else
  stage="$(mktemp -d "$target_dir/spa-stage.XXXXXX")"
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/out"
  hash8() { sha256sum "$1" | cut -c1-8; }
  css_name="style-$(hash8 "$src/style.css").css"
  cp "$src/style.css" "$stage/out/$css_name"

  # One bundle: wasm-bindgen (+ wasm-opt), hashed wasm, glue and start
  # module, and its HTML shell from index.html with the names swapped in.
  bundle() {
    local name=$1 html=$2
    wasm-bindgen --target web --no-typescript --out-dir "$stage/bg" "$wasm_dir/$name.wasm"
    local bg="$stage/bg/${name}_bg.wasm"
    if [ "$mode" = release ]; then
      log "wasm-opt -Oz $name"
      "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        -o "$stage/opt.wasm" "$bg"
      mv "$stage/opt.wasm" "$bg"
    fi
    # The hash ends the stem (name-<hash>.ext) so the server can tell it is immutable.
    local wasm_name="${name}_bg-$(hash8 "$bg").wasm"
    cp "$bg" "$stage/out/$wasm_name"
    # The glue finds its wasm next to itself by default; point it at the hashed name.
    sed "s/${name}_bg\.wasm/${wasm_name}/g" "$stage/bg/$name.js" > "$stage/glue.js"
    local js_name="$name-$(hash8 "$stage/glue.js").js"
    cp "$stage/glue.js" "$stage/out/$js_name"
    sed -e "s#/${site}\.js#/${js_name}#g" -e "s#/${site}_bg\.wasm#/${wasm_name}#g" \
      "$src/start.js" > "$stage/start.js"
    local start_name="$name-start-$(hash8 "$stage/start.js").js"
    cp "$stage/start.js" "$stage/out/$start_name"
    sed -e "s#/style\.css#/${css_name}#g" \
        -e "s#/${site}\.js#/${js_name}#g" \
        -e "s#/${site}_bg\.wasm#/${wasm_name}#g" \
        -e "s#/${site}-start\.js#/${start_name}#g" \
        "$src/index.html" > "$stage/out/$html"
    grep -q '<!--yass:head-->' "$stage/out/$html" || { echo "$html lost its head marker" >&2; exit 1; }
    grep -q "/$start_name" "$stage/out/$html" || { echo "$html does not start $name" >&2; exit 1; }
    rm -rf "$stage/bg"
  }
  bundle "$site" index.html
  bundle "$admin" admin.html

  # Replace dist/spa in one step so a running server never sees half a build.
  mkdir -p "$(dirname "$out")"
  rm -rf "$out.old"
  if [ -d "$out" ]; then mv "$out" "$out.old"; fi
  mv "$stage/out" "$out"
  rm -rf "$out.old"
  printf '%s\n' "$stamp_val" > "$stamp"
  log "wrote $out: $(cd "$out" && ls | tr '\n' ' ')"
fi

if [ "$mode" = release ]; then
  size() {
    local w; w="$(ls "$out/${1}_bg-"*.wasm)"
    echo "$(wc -c < "$w") bytes raw, $(gzip -9 -c "$w" | wc -c) bytes gzipped ($(basename "$w"))"
  }
  # The visitor bundle keeps the line issue #7 measures.
  echo "wasm size: $(size "$site")"
  echo "admin wasm size: $(size "$admin")"
fi
