# Release tarballs for the deploy smoke tests (ops/deploy-smoke.sh,
# ops/deploy-smoke-two-hosts.sh): like a real build's (yass + spa/), or
# deliberately broken. Source it; it defines functions only.
#
#   smoke_release OUT_DIR VERSION good|broken YASS_BIN SPA_DIR
#       writes OUT_DIR/yass-VERSION.tar

smoke_release() {
  local out="$1" version="$2" kind="$3" bin="$4" spa="$5"
  local stage="$out/stage/$version"
  mkdir -p "$stage"
  cp -r "$spa" "$stage/spa"
  if [[ "$kind" == broken ]]; then
    cp "$bin" "$stage/yass.real"
    cat >"$stage/yass" <<'SH'
#!/bin/sh
# Deliberately broken release (deploy smoke test): migrations work, the
# server exits at once, so the instance never becomes ready.
if [ "$1" = serve ]; then echo "smoke: broken release refuses to serve" >&2; exit 1; fi
exec "$(dirname "$0")/yass.real" "$@"
SH
    chmod +x "$stage/yass"
  else
    cp "$bin" "$stage/yass"
  fi
  # Uncompressed: gzip of a debug binary costs more time than it saves.
  tar -cf "$out/yass-$version.tar" -C "$stage" .
  rm -rf "$stage"
}
