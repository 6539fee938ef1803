#!/usr/bin/env bash
# The pipeline's hands on the hosts (Buildbot's deploy, rollback and
# upgrade-all-systems builders run it; ops/README.md#the-deploy-pipeline):
#
#   deploy.sh deploy RELEASE ARCHIVE   rolling deploy (ops/ansible/deploy.yml)
#   deploy.sh rollback                 redeploy the release before the live one
#   deploy.sh upgrade                  ops/ansible/upgrade.yml, host by host
#
# Env (set by ops/ci/master.cfg from its settings):
#   YASS_CI_STATE       state directory: `deployed` (history, newest last:
#                       "RELEASE ARCHIVE"), `current-release`, `last-hosts`
#   YASS_CI_INVENTORY   Ansible inventory of the hosts
#   YASS_CI_VARS        optional vars file (-e @file), e.g. the vault's
#   YASS_CI_VAULT_PASSWORD_FILE  optional
# Writes one line per host into $YASS_CI_STATE/last-hosts (the bot posts it).
set -euo pipefail
ops="$(cd "$(dirname "$0")/.." && pwd)"
: "${YASS_CI_STATE:?}" "${YASS_CI_INVENTORY:?}"
mkdir -p "$YASS_CI_STATE"
history="$YASS_CI_STATE/deployed"; results="$YASS_CI_STATE/last-hosts"
touch "$history"; : >"$results"

# Buildbot's lock already serialises the builders; this one also covers a
# person running the script by hand on the operations host.
exec 9>"$YASS_CI_STATE/hosts.lock"
flock -n 9 || { echo "deploy.sh: another deploy, rollback or upgrade is running" >&2; exit 75; }

# playbook FILE ARGS...: runs it, logs to stdout, and writes per-host results
# from the PLAY RECAP (hosts never reached are listed as such).
playbook() {
  local file="$1"; shift
  local log; log="$(mktemp)"
  local -a extra=()
  [[ -n "${YASS_CI_VARS:-}" ]] && extra+=(-e "@$YASS_CI_VARS")
  [[ -n "${YASS_CI_VAULT_PASSWORD_FILE:-}" ]] && extra+=(--vault-password-file "$YASS_CI_VAULT_PASSWORD_FILE")
  set +e
  ANSIBLE_CONFIG="$ops/ansible/ansible.cfg" ANSIBLE_FORCE_COLOR=0 ansible-playbook \
    -i "$YASS_CI_INVENTORY" "$ops/ansible/$file" "${extra[@]}" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  python3 - "$log" "$YASS_CI_INVENTORY" "$file" >"$results" <<'PY' || true
import re, subprocess, sys
log, inventory, playbook = sys.argv[1:4]
text = open(log, errors="replace").read()
recap = {}
for m in re.finditer(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=\d+\s+rescued=(\d+)", text, re.M):
    host, ok, changed, unreachable, failed, rescued = m.groups()
    if int(unreachable):
        recap[host] = "unreachable"
    elif int(failed) and int(rescued):
        recap[host] = "FAILED, rolled back"
    elif int(failed):
        recap[host] = "FAILED"
    else:
        recap[host] = "ok"
group = "yass_app" if playbook == "deploy.yml" else "all"
try:
    out = subprocess.run(["ansible", "-i", inventory, group, "--list-hosts"], capture_output=True, text=True).stdout
    hosts = [l.strip() for l in out.splitlines()[1:] if l.strip()]
except OSError:
    hosts = []
for h in hosts or list(recap):
    print(f"{h}: {recap.get(h, 'not reached')}")
PY
  rm -f "$log"
  return "$rc"
}

cmd="${1:-}"
case "$cmd" in
  deploy)
    release="${2:?usage: $0 deploy RELEASE ARCHIVE}"; archive="${3:?usage: $0 deploy RELEASE ARCHIVE}"
    [[ "$release" =~ ^[A-Za-z0-9._+-]+$ ]] || { echo "bad release name: $release" >&2; exit 2; }
    [[ -f "$archive" ]] || { echo "no release archive: $archive" >&2; exit 2; }
    if playbook deploy.yml -e "yass_release=$release" -e "yass_release_archive=$archive"; then
      echo "$release $archive" >>"$history"
      echo "$release" >"$YASS_CI_STATE/current-release"
      echo "deployed $release"
    else
      echo "deploy of $release failed; hosts that took it were rolled back (see above)" >&2
      exit 1
    fi
    ;;
  rollback)
    # The live release is the history's last line; the one before is the target.
    mapfile -t lines <"$history"
    (( ${#lines[@]} >= 2 )) || { echo "nothing to roll back to: fewer than two releases were deployed" >&2; exit 1; }
    read -r prev prev_archive <<<"${lines[-2]}"
    if playbook deploy.yml -e "yass_release=$prev" -e "yass_release_archive=$prev_archive"; then
      printf '%s\n' "${lines[@]:0:${#lines[@]}-1}" >"$history"
      echo "$prev" >"$YASS_CI_STATE/current-release"
      echo "rolled back to $prev"
    else
      echo "rollback to $prev failed (see above)" >&2
      exit 1
    fi
    ;;
  upgrade)
    playbook upgrade.yml
    ;;
  *)
    echo "usage: $0 deploy RELEASE ARCHIVE | rollback | upgrade" >&2; exit 2 ;;
esac
