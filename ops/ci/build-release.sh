#!/usr/bin/env bash
# Builds a release in the tested checkout (the deploy builder runs it there):
# the optimised `yass` and the SPA, with a RELEASE file, as
# DIST/yass-RELEASE.tar.gz - the archive ops/ansible/deploy.yml unpacks.
#
#   ops/ci/build-release.sh COMMIT RELEASE DIST
set -euo pipefail
commit="${1:?usage: $0 COMMIT RELEASE DIST}"; release="${2:?}"; dist="${3:?}"
[[ "$release" =~ ^[A-Za-z0-9._+-]+$ ]] || { echo "bad release name: $release" >&2; exit 2; }
target="${CARGO_TARGET_DIR:-$PWD/target}"
YASS_GIT_COMMIT="$commit" cargo build --release --locked -p yass-api --bin yass
scripts/build-spa.sh release
stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
cp "$target/release/yass" "$stage/yass"
cp -r dist/spa "$stage/spa"
echo "$release" >"$stage/RELEASE"
mkdir -p "$dist"
tar -czf "$dist/yass-$release.tar.gz.part" -C "$stage" .
mv "$dist/yass-$release.tar.gz.part" "$dist/yass-$release.tar.gz"
echo "built $dist/yass-$release.tar.gz"
