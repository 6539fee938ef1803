#!/usr/bin/env bash
# End-to-end test of the deploy pipeline (issue 16; `make test-pipeline`),
# on one machine with real parts: a bare git repository with the
# post-receive hook, a Buildbot master and worker (PyPI, pinned) running
# ops/ci/master.cfg, the chat bot (crates/deploy-bot), a stand-in for
# Mattermost that records the bot's posts and sends slash commands as
# Mattermost does (tests/fake_mattermost.py), and the rolling deploy
# (ops/ansible) onto two app hosts (app-a, app-b: one yass instance each,
# local connection) behind nginx, while a request loop runs throughout.
#
# The repository under test is a small fixture whose .ci/run fails while a
# file FAIL exists; its "release" is the given debug yass + SPA named after
# the commit (a commit holding BROKEN gets a release that never serves).
# The timer is a few seconds (YASS_PIPELINE_STABLE, default 4).
#
#   1. two pushes inside the window -> one test run, of the second commit;
#      the channel shows both countdowns, the start and the success, in order
#   2. a push that breaks a test -> failure with the log link, no deploy
#   3. a fixing push -> tests pass -> rolling deploy -> both hosts run it
#   4. help, status, sync and run test answered; a wrong token, another
#      channel or another user is refused and nothing runs
#   5. a deploy whose health check fails rolls back and says so
#   6. rollback (confirmed) returns both hosts to the release before the
#      live one;
#      upgrade all systems (apt-get -s) goes drain -> upgrade -> health ->
#      undrain host by host
#   and the request loop saw no failed request.
# Also: the production configuration passes `buildbot checkconfig` and
# tests/test_master_cfg.py.
#
# Usage: ops/ci/test-pipeline.sh PATH/TO/yass PATH/TO/yass-deploy-bot PATH/TO/spa-dir
# Env:   YASS_CI_TOOLS  where the Buildbot virtualenv is kept between runs
#                       (default: $CARGO_TARGET_DIR/tools, else target/tools)
#        KEEP=1         keep the temp root
# Prints "pipeline: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

yass_bin="${1:?usage: $0 yass deploy-bot spa-dir}"; bot_bin="${2:?}"; spa_dir="${3:?}"
for f in "$yass_bin" "$bot_bin"; do [[ -x "$f" ]] || { echo "not executable: $f" >&2; exit 2; }; done
[[ -f "$spa_dir/index.html" ]] || { echo "no index.html in $spa_dir" >&2; exit 2; }
yass_bin="$(readlink -f "$yass_bin")"; bot_bin="$(readlink -f "$bot_bin")"; spa_dir="$(readlink -f "$spa_dir")"
ci="$(cd "$(dirname "$0")" && pwd)"; ops="$(dirname "$ci")"; root="$(dirname "$ops")"
# shellcheck source=../lib/front.sh
. "$ops/lib/front.sh"
STABLE="${YASS_PIPELINE_STABLE:-4}"

# --- tools: Buildbot from PyPI (docs/decisions/0016-deploy-pipeline.md) ---
BUILDBOT_VERSION=4.3.0
tools="${YASS_CI_TOOLS:-${CARGO_TARGET_DIR:-$root/target}/tools}"
venv="$tools/buildbot-venv"
# The same packages as the Ansible ci role (ops/ansible/roles/ci/defaults).
bb_packages=(buildbot buildbot-worker buildbot-www buildbot-waterfall-view buildbot-console-view)
if ! "$venv/bin/python" -c 'import buildbot_console_view' 2>/dev/null ||
   [[ "$("$venv/bin/buildbot" --version 2>/dev/null)" != *"Buildbot version: $BUILDBOT_VERSION"* ]]; then
  echo "installing Buildbot $BUILDBOT_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "${bb_packages[@]/%/==$BUILDBOT_VERSION}"
fi
command -v ansible-playbook >/dev/null || python3 -m pip install -q ansible-core >/dev/null
ensure_nginx
for tool in ansible-playbook nginx curl python3 git flock; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

T="$(mktemp -d /tmp/yass-pipeline.XXXXXX)"
chmod 755 "$T"   # nginx workers (nobody) read the SPA files below it
ports=()
new_port() { local p; while :; do p=$(free_port); [[ " ${ports[*]} " == *" $p "* ]] || break; done; echo "$p"; }
WWW=$(new_port); ports+=("$WWW"); PB=$(new_port); ports+=("$PB"); BOT=$(new_port); ports+=("$BOT")
MM=$(new_port); ports+=("$MM"); PN=$(new_port); ports+=("$PN"); P1=$(new_port); ports+=("$P1"); P2=$(new_port); ports+=("$P2")
secret() { python3 -c 'import secrets;print(secrets.token_hex(24))'; }
WWW_PW=$(secret); BOT_PW=$(secret); HOOK_PW=$(secret); WORKER_PW=$(secret)
PUSH_TOKEN=$(secret); STATUS_TOKEN=$(secret); CMD_TOKEN=$(secret); METRICS_TOKEN=$(secret)
CHANNEL=chan-ops-1; AMY=user-amy-1; BO=user-bo-2; EVE=user-eve-3
export GIT_AUTHOR_NAME="Pipeline Test" GIT_AUTHOR_EMAIL=pipeline@example.test
export GIT_COMMITTER_NAME="Pipeline Test" GIT_COMMITTER_EMAIL=pipeline@example.test

pids=()
loop_pid=""
cleanup() {
  set +e
  [[ -n "$loop_pid" ]] && kill "$loop_pid" 2>/dev/null
  [[ -f "$T/worker/buildbot.tac" ]] && "$venv/bin/buildbot-worker" stop "$T/worker" >/dev/null 2>&1
  [[ -f "$T/master/buildbot.tac" ]] && "$venv/bin/buildbot" stop "$T/master" >/dev/null 2>&1
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for h in app-a app-b; do
    for pidf in "$T/$h"/srv/yass/run/*.pid; do [[ -f "$pidf" ]] && kill "$(cat "$pidf")" 2>/dev/null; done
  done
  front_nginx_stop "$T/nginx"
  if [[ -n "${KEEP:-}" ]]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap "exit 143" TERM INT   # so the cleanup also runs under `timeout`

echo "pipeline: root $T; Buildbot on $WWW, bot on $BOT, Mattermost stand-in on $MM, nginx on $PN, app-a on $P1, app-b on $P2"

# --- 0. the production configuration --------------------------------------------
checkconfig() { YASS_CI_SETTINGS="$ci/settings.example.json" PYTHONWARNINGS=ignore "$venv/bin/buildbot" checkconfig "$ci/master.cfg" >"$T/checkconfig.log" 2>&1 || { cat "$T/checkconfig.log"; return 1; }; }
check "buildbot checkconfig (production settings)" checkconfig
unit_tests() { "$venv/bin/python" -W ignore -m unittest -q "$ci/tests/test_master_cfg.py" >"$T/unittest.log" 2>&1 || { cat "$T/unittest.log"; return 1; }; }
check "master.cfg unit tests (timer, test command, locks, loopback, auth)" unit_tests

# --- the deploy code (what `sync` pulls), as the operations host keeps it ------------
mkdir -p "$T/git" "$T/deploy-src"
cp -r "$ops" "$T/deploy-src/ops"
git init -q -b main "$T/deploy-src"
git -C "$T/deploy-src" add -A && git -C "$T/deploy-src" commit -qm "deploy code"
git clone -q --bare "$T/deploy-src" "$T/git/deploy.git"
git clone -q "$T/git/deploy.git" "$T/deploy"

# --- the repository under test, with the post-receive hook ----------------------------
mkdir -p "$T/work/.ci"
git init -q -b main "$T/work"
cat >"$T/work/.ci/run" <<'SH'
#!/bin/sh
# Fixture test suite: fails while a file FAIL exists.
if [ -e FAIL ]; then echo "test_menu ... FAILED (FAIL is present)"; exit 1; fi
echo "test_menu ... ok"
SH
chmod +x "$T/work/.ci/run"
echo "fixture" >"$T/work/README.md"
git -C "$T/work" add -A && git -C "$T/work" commit -qm "fixture"
git init -q --bare -b main "$T/git/site.git"
git -C "$T/work" remote add origin "$T/git/site.git"
git -C "$T/work" push -q origin main     # before the hook: starts nothing
cp "$ci/hooks/post-receive" "$T/git/site.git/hooks/post-receive"
cat >"$T/git/site.git/yass-ci.env" <<ENV
BUILDBOT_URL=http://127.0.0.1:$WWW
CHANGE_HOOK_USER=git-hook
CHANGE_HOOK_PASSWORD=$HOOK_PW
REPOSITORY=$T/git/site.git
BOT_URL=http://127.0.0.1:$BOT
BOT_PUSH_TOKEN=$PUSH_TOKEN
ENV
chmod 600 "$T/git/site.git/yass-ci.env"

# push_change MESSAGE CMD...: runs CMD in the work tree, commits, pushes as amy.
push_change() {
  local msg="$1"; shift
  (cd "$T/work" && "$@") && git -C "$T/work" add -A && git -C "$T/work" commit -qm "$msg"
  YASS_PUSHER=amy git -C "$T/work" push -q origin main 2>"$T/push.err" || { cat "$T/push.err"; return 1; }
  if grep -q 'yass-ci:' "$T/push.err"; then sed 's/^/    hook: /' "$T/push.err" >&2; fi
  git -C "$T/work" rev-parse HEAD
}

# --- releases: the debug yass + SPA named after the commit ----------------------------
mkdir -p "$T/ci/dist" "$T/ci/state"
cat >"$T/make-release.sh" <<SH
#!/usr/bin/env bash
# Fixture release builder: COMMIT RELEASE DIST, run in the tested checkout.
set -euo pipefail
stage="\$(mktemp -d)"; trap 'rm -rf "\$stage"' EXIT
if [[ -e BROKEN ]]; then
  cp "$yass_bin" "\$stage/yass.real"
  printf '#!/bin/sh\nif [ "\$1" = serve ]; then echo "broken release refuses to serve" >&2; exit 1; fi\nexec "\$(dirname "\$0")/yass.real" "\$@"\n' >"\$stage/yass"
  chmod +x "\$stage/yass"
else
  cp "$yass_bin" "\$stage/yass"
fi
cp -r "$spa_dir" "\$stage/spa"
echo "\$2" >"\$stage/RELEASE"
mkdir -p "\$3"
tar -C "\$stage" -cf - . | gzip -1 >"\$3/yass-\$2.tar.gz"
echo "built \$3/yass-\$2.tar.gz"
SH
chmod +x "$T/make-release.sh"

# --- the hosts: two app hosts and the web host, all this machine --------------------------
host_vars() {  # name port
  cat <<YML
        $1:
          ansible_connection: local
          ansible_python_interpreter: "{{ ansible_playbook_python }}"
          yass_home: $T/$1/srv/yass
          yass_data_dir: $T/$1/data
          yass_etc_dir: $T/$1/etc
          yass_instances: [$2]
YML
}
{
  echo "all:"; echo "  children:"; echo "    yass_app:"; echo "      hosts:"
  host_vars app-a "$P1"; host_vars app-b "$P2"
  cat <<YML
    yass_web:
      hosts:
        web:
          ansible_connection: local
          ansible_python_interpreter: "{{ ansible_playbook_python }}"
          nginx_manage: false
          nginx_upstream_path: $T/nginx/upstream.conf
          nginx_reload_argv: [nginx, -e, $T/nginx/error.log, -c, $T/nginx/nginx.conf, -s, reload]
YML
} >"$T/inventory.yml"
mkdir -p "$T/shared"
cat >"$T/vars.yml" <<YML
yass_service_manager: process
exporters_install: false
yass_jwt_secret: "$(secret)"
yass_metrics_token: "$METRICS_TOKEN"
yass_database_url: "sqlite://$T/shared/yass.db?mode=rwc"
yass_health_retries: 10
yass_health_delay: 1
upgrade_simulate: true
YML
deploy_env=(YASS_CI_STATE="$T/ci/state" YASS_CI_INVENTORY="$T/inventory.yml" YASS_CI_VARS="$T/vars.yml")

# --- first install (deploy.sh by hand, as an operator would) and nginx in front -----------
(cd "$T/work" && "$T/make-release.sh" base base "$T/ci/dist" >/dev/null)
if env "${deploy_env[@]}" "$ci/deploy.sh" deploy base "$T/ci/dist/yass-base.tar.gz" >"$T/first-install.log" 2>&1; then
  ok "first install of release base on app-a and app-b (deploy.sh)"
else
  bad "first install (log: $T/first-install.log)"; tail -30 "$T/first-install.log"; KEEP=${KEEP:-}; exit 1
fi
slug="pipe-$$"; resolve_host="www.$slug.test"
( set -a; . "$T/app-a/etc/yass.env"; set +a
  "$T/app-a/srv/yass/current/yass" site create --slug "$slug" --name "Pipeline" --host "$resolve_host" ) >"$T/site.log" 2>&1 \
  || { bad "yass site create"; cat "$T/site.log"; }
mkdir -p "$T/nginx" && front_upstream "$T/nginx/upstream.conf" "$P1" "$P2"
check "nginx in front of app-a and app-b" front_nginx "$T/nginx" "$PN" "$T/nginx/upstream.conf" "$T/app-a/srv/yass/current/spa"

# --- Mattermost stand-in, the bot, Buildbot ---------------------------------------------
MMLOG="$T/mattermost.jsonl"; touch "$MMLOG"
python3 "$ci/tests/fake_mattermost.py" --port "$MM" --log "$MMLOG" --bot "http://127.0.0.1:$BOT/mattermost/command" >"$T/mattermost.log" 2>&1 &
pids+=($!)
YASS_BOT_BIND="127.0.0.1:$BOT" \
YASS_BOT_MATTERMOST_WEBHOOK="http://127.0.0.1:$MM/hooks/incoming1" \
YASS_BOT_COMMAND_TOKENS="$CMD_TOKEN" YASS_BOT_CHANNELS="$CHANNEL" YASS_BOT_OPERATORS="$AMY,$BO" \
YASS_BOT_PUSH_TOKEN="$PUSH_TOKEN" YASS_BOT_BUILDBOT_TOKEN="$STATUS_TOKEN" \
YASS_BOT_BUILDBOT_URL="http://127.0.0.1:$WWW" YASS_BOT_BUILDBOT_USER=deploy-bot YASS_BOT_BUILDBOT_PASSWORD="$BOT_PW" \
YASS_BOT_TREE_STABLE_SECONDS="$STABLE" YASS_BOT_METRICS_TOKEN="$METRICS_TOKEN" \
YASS_BOT_INSTANCES="app-a=http://127.0.0.1:$P1,app-b=http://127.0.0.1:$P2" \
  "$bot_bin" >"$T/bot.log" 2>&1 &
pids+=($!)

cat >"$T/settings.json" <<JSON
{
  "repo_url": "$T/git/site.git", "branch": "main", "tree_stable_seconds": $STABLE,
  "state_dir": "$T/ci/state", "deploy_checkout": "$T/deploy", "dist_dir": "$T/ci/dist",
  "inventory": "$T/inventory.yml", "vars_file": "$T/vars.yml",
  "www_url": "http://127.0.0.1:$WWW/", "www_port": $WWW,
  "www_users": {"ops": "$WWW_PW", "deploy-bot": "$BOT_PW"},
  "change_hook_user": "git-hook", "change_hook_password": "$HOOK_PW",
  "worker_name": "ops", "worker_password": "$WORKER_PW", "worker_port": $PB,
  "bot_status_url": "http://127.0.0.1:$BOT/hooks/buildbot", "bot_token": "$STATUS_TOKEN",
  "test_command": ["sh", ".ci/run"], "test_timeout": 120,
  "release_command": ["$T/make-release.sh"]
}
JSON
"$venv/bin/buildbot" create-master -q "$T/master" >/dev/null
ln -sf "$T/deploy/ops/ci/master.cfg" "$T/master/master.cfg"
if YASS_CI_SETTINGS="$T/settings.json" "$venv/bin/buildbot" start "$T/master" >"$T/master-start.log" 2>&1; then
  ok "Buildbot master started"
else
  bad "Buildbot master did not start"; tail -30 "$T/master/twistd.log"; exit 1
fi
"$venv/bin/buildbot-worker" create-worker -q "$T/worker" "127.0.0.1:$PB" ops "$WORKER_PW" >/dev/null
"$venv/bin/buildbot-worker" start "$T/worker" >/dev/null 2>&1
bb() { "$venv/bin/python" "$ci/tests/bb.py" "http://127.0.0.1:$WWW" ops "$WWW_PW" "$@"; }
wait_for() {  # seconds cmd...
  local n="$1"; shift
  for _ in $(seq "$((n * 2))"); do "$@" && return 0; sleep 0.5; done; return 1
}
worker_connected() { [[ "$(bb workers 2>/dev/null)" == 1 ]]; }
check "the worker connected to the master" wait_for 60 worker_connected
bot_up() { curl -sf "http://127.0.0.1:$BOT/healthz" >/dev/null; }
check "the bot is up" wait_for 20 bot_up

# --- helpers on builds and the channel --------------------------------------------------------
builds() { bb builds "$1" 2>>"$T/bb-errors.log" || echo "[]"; }
count_builds() { builds "$1" | python3 -c 'import json,sys;print(len(json.load(sys.stdin)))'; }
# build_done BUILDER NUMBER: build NUMBER exists and is complete
build_done() { builds "$1" | python3 -c 'import json,sys
b=[x for x in json.load(sys.stdin) if x["number"]==int(sys.argv[1])]
sys.exit(0 if b and b[0]["complete"] else 1)' "$2"; }
# build_field BUILDER NUMBER FIELD
build_field() { builds "$1" | python3 -c 'import json,sys
b=[x for x in json.load(sys.stdin) if x["number"]==int(sys.argv[1])]
print(b[0][sys.argv[2]] if b else "")' "$2" "$3"; }
wait_build() {  # builder number timeout -> 0 when complete
  wait_for "$3" build_done "$1" "$2" || { echo "    $1 #$2 did not complete in $3 s"; return 1; }
}
posts_since() { tail -n +"$(( $1 + 1 ))" "$MMLOG"; }
mark() { wc -l <"$MMLOG"; }
# in_order MARK TEXT...: each TEXT appears in a post after MARK, in this order.
in_order() {
  local m="$1"; shift
  posts_since "$m" | python3 -c 'import json,sys
posts=[json.loads(l)["text"] for l in sys.stdin if l.strip()]
want=sys.argv[1:]; i=0
for p in posts:
    while i < len(want) and want[i] in p: i += 1
if i < len(want):
    print("    missing, in order: %r; channel said:" % want[i]); [print("      | " + p.replace("\n", "\n      | ")) for p in posts]
sys.exit(0 if i == len(want) else 1)' "$@"
}
# say USER CHANNEL TOKEN TEXT: a slash command through the Mattermost stand-in -> "STATUS ANSWER"
say() {
  curl -s --max-time 40 -H 'Content-Type: application/json' \
    --data "$(python3 -c 'import json,sys;print(json.dumps({"user_id":sys.argv[1],"user_name":sys.argv[1],"channel_id":sys.argv[2],"token":sys.argv[3],"text":sys.argv[4]}))' "$@")" \
    "http://127.0.0.1:$MM/test/command" | python3 -c 'import json,sys
r=json.load(sys.stdin); a=r["answer"]
try: a=json.loads(a)["text"]
except Exception: pass
print(r["status"], a)'
}
# build_ended BUILDER N RESULT SECONDS: build #N completed with RESULT (0 passed, 2 failed)
build_ended() {
  wait_build "$1" "$2" "$4" || return 1
  local r; r=$(build_field "$1" "$2" results)
  [[ "$r" == "$3" ]] || { echo "    $1 #$2 ended with $r, expected $3"; return 1; }
}
deploy_ended() { build_ended deploy "$@"; }
# ask_and_confirm TEXT: amy asks, reads the code from the answer and confirms it
ask_and_confirm() {
  local a c
  a=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" "$1")
  c=$(grep -o 'confirm [0-9]\{6\}' <<<"$a" | head -1 | cut -d' ' -f2)
  say "$AMY" "$CHANNEL" "$CMD_TOKEN" "confirm $c"
}
release_of() {  # port -> the release label the instance reports
  curl -s --max-time 5 -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$1/metrics" |
    sed -n 's/^yass_build_info{.*release="\([^"]*\)".*/\1/p'
}
both_run() { [[ "$(release_of "$P1")" == "$1" && "$(release_of "$P2")" == "$1" ]] || { echo "    app-a runs $(release_of "$P1"), app-b runs $(release_of "$P2"), expected $1"; return 1; }; }
check "both hosts report release base (yass_build_info)" both_run base

loop_start "$T/nginx" "$PN" "$resolve_host" 20000

# --- 1. two pushes inside the window: one test run, of the second commit -------------------
echo "1. two pushes inside the ${STABLE}s window"
m=$(mark)
A=$(push_change "first change" touch a.txt)
sleep 1
B=$(push_change "second change" touch b.txt)
check "test #1 ran and passed" build_ended test 1 0 90
check "test #1 tested the second commit" test "$(build_field test 1 revision)" == "$B"
sleep "$((STABLE + 2))"
check "the two pushes made one test run" test "$(count_builds test)" == 1
check "channel: both countdowns, the start and the success, in order" in_order "$m" \
  "amy 推送了 1 個提交到 main" "重新倒數 $STABLE 秒開始進行整合測試...（\`${A:0:8}\`）" \
  "amy 推送了 1 個提交到 main" "重新倒數 $STABLE 秒開始進行整合測試...（\`${B:0:8}\`）" \
  "開始執行 \`${B:0:8}\` 整合測試" "整合測試成功 \`${B:0:8}\`"
check "the passed commit deployed: deploy #1 succeeded" deploy_ended 1 0 180
check "both hosts run ${B:0:12}" both_run "${B:0:12}"
check "channel: deploy start and success with each host" in_order "$m" \
  "開始佈署 \`${B:0:8}\`" "佈署成功：\`${B:0:12}\`" "app-a: ok"

# --- 2. a push that breaks a test: failure with the log link, no deploy ----------------------
echo "2. a push that breaks a test"
m=$(mark)
C=$(push_change "break the menu" touch FAIL)
check "test #2 ran" wait_build test 2 90
check "test #2 failed" test "$(build_field test 2 results)" == 2
check "channel: the failure, with the link to its log" in_order "$m" \
  "開始執行 \`${C:0:8}\` 整合測試" "整合測試失敗 \`${C:0:8}\`，不會佈署。記錄： http://127.0.0.1:$WWW/#/builders/"
sleep "$((STABLE + 3))"
check "no deploy after the failure" test "$(count_builds deploy)" == 1

# --- 3. the fixing push: tests pass, rolling deploy ---------------------------------------------
echo "3. a fixing push"
m=$(mark)
D=$(push_change "fix the menu" rm FAIL)
check "test #3 passed" build_ended test 3 0 90
check "deploy #2 succeeded" deploy_ended 2 0 180
check "both hosts run ${D:0:12}" both_run "${D:0:12}"
check "channel: test passed, then deployed" in_order "$m" "整合測試成功 \`${D:0:8}\`" "佈署成功：\`${D:0:12}\`"

# --- 4. commands ----------------------------------------------------------------------------------
echo "4. commands"
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" help)
check "help answered" test "${answer:0:4}" == "200 " -a -n "$(grep 'upgrade all systems' <<<"$answer")"
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" "lang en")
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" help)
check "lang en: help in English" grep -q "^200 Commands:" <<<"$answer"
say "$AMY" "$CHANNEL" "$CMD_TOKEN" "lang zh" >/dev/null
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" status)
status_ok() { grep -q -- "- deploy: #2 成功" <<<"$answer" && grep -q -- "- app-a: ${D:0:12}" <<<"$answer" && grep -q -- "- app-b: ${D:0:12}" <<<"$answer"; }
check "status: last result per builder and the release of each host" status_ok || sed 's/^/    | /' <<<"$answer"
# sync: new deploy code on the deploy repository, pulled into the checkout
git clone -q "$T/git/deploy.git" "$T/deploy-dev"
echo "a note" >"$T/deploy-dev/NOTE" && git -C "$T/deploy-dev" add NOTE && git -C "$T/deploy-dev" commit -qm "deploy note"
git -C "$T/deploy-dev" push -q origin main
newest=$(git -C "$T/deploy-dev" rev-parse HEAD)
m=$(mark)
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" sync)
check "sync handed to Buildbot" grep -q "^200 .*已交給 Buildbot" <<<"$answer"
check "sync #1 ran" wait_build sync 1 60
check "the deploy checkout is at the newest deploy code" test "$(git -C "$T/deploy" rev-parse HEAD)" == "$newest"
check "channel: sync done" in_order "$m" "佈署程式碼已同步 \`${newest:0:8}\`"
m=$(mark)
answer=$(say "$BO" "$CHANNEL" "$CMD_TOKEN" "run test")
check "run test handed to Buildbot" grep -q "^200 " <<<"$answer"
check "test #4 ran and passed" build_ended test 4 0 60
check "channel: run test started and passed" in_order "$m" "開始執行 \`main\` 整合測試" "整合測試成功 \`${D:0:8}\`"
tests_before=$(count_builds test)
refused() { [[ "$1" == 403* ]]; }
check "a wrong token is refused" refused "$(say "$AMY" "$CHANNEL" "wrong-$CMD_TOKEN" "run test")"
check "another channel is refused" refused "$(say "$AMY" chan-random "$CMD_TOKEN" "run test")"
check "another user is refused" refused "$(say "$EVE" "$CHANNEL" "$CMD_TOKEN" "run test")"
check "a forged push announcement is refused" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer nope' -H 'Content-Type: application/json' --data '{"pusher":"x","ref":"refs/heads/main","after":"ab"}' "http://127.0.0.1:$BOT/hooks/push")" == 401
sleep 3
check "nothing ran for the refused commands" test "$(count_builds test)" == "$tests_before"
# deploy COMMIT by hand: confirmed, but the commit never passed the tests
m=$(mark)
answer=$(ask_and_confirm "deploy ${C:0:10}")
check "deploy of the failed commit handed to Buildbot" grep -q "已交給 Buildbot" <<<"$answer"
check "deploy #3 refused the untested commit" deploy_ended 3 2 60
check "channel: refused, the commit did not pass" in_order "$m" "拒絕佈署 \`${C:0:8}\`：這個提交沒有通過整合測試"
check "both hosts still run ${D:0:12}" both_run "${D:0:12}"

# --- 5. a release that fails its health check rolls back ---------------------------------------
echo "5. a deploy whose health check fails"
m=$(mark)
E=$(push_change "a release that cannot serve" touch BROKEN)
check "test #5 passed" build_ended test 5 0 90
check "deploy #4 failed" deploy_ended 4 2 240
check "both hosts still run ${D:0:12}" both_run "${D:0:12}"
check "channel: the deploy failed and was rolled back, per host" in_order "$m" \
  "開始佈署 \`${E:0:8}\`" "佈署失敗：\`${E:0:12}\`，已自動回復上一版" "app-a: FAILED, rolled back"

# --- 6. rollback and upgrade all systems, both confirmed ------------------------------------------
echo "6. rollback and upgrade all systems"
m=$(mark)
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" rollback)
code=$(grep -o 'confirm [0-9]\{6\}' <<<"$answer" | head -1 | cut -d' ' -f2)
check "rollback asks for a confirmation code" test -n "$code"
answer=$(say "$BO" "$CHANNEL" "$CMD_TOKEN" "confirm $code")
check "another operator cannot confirm it" grep -q "沒有等待確認的請求" <<<"$answer"
answer=$(say "$AMY" "$CHANNEL" "$CMD_TOKEN" "confirm $code")
check "the same operator confirms it" grep -q "已交給 Buildbot" <<<"$answer"
check "rollback #1 ran" wait_build rollback 1 240
check "rollback #1 succeeded" test "$(build_field rollback 1 results)" == 0
# The live release is D (E never went live): the one before it is B.
check "both hosts are back on ${B:0:12}" both_run "${B:0:12}"
check "channel: rolled back" in_order "$m" "開始回復至上一版" "已回復至 \`${B:0:12}\`"
m=$(mark)
answer=$(ask_and_confirm "upgrade all systems")
check "upgrade all systems confirmed" grep -q "已交給 Buildbot" <<<"$answer"
check "upgrade-all-systems #1 ran" wait_build upgrade-all-systems 1 240
check "upgrade-all-systems #1 succeeded" test "$(build_field upgrade-all-systems 1 results)" == 0
bb log upgrade-all-systems 1 >"$T/upgrade.log"
upgrade_in_order() {
  python3 - "$T/upgrade.log" <<'PY'
import re, sys
phase, seen = None, []
for line in open(sys.argv[1], errors="replace"):
    line = re.sub(r"^[oeh]", "", line.rstrip("\n")) if re.match(r"^[oeh](TASK|ok|changed)", line) else line.rstrip("\n")
    m = re.match(r"TASK \[(Drain|Upgrade|Health|Undrain)\b", line)
    if m:
        phase = m.group(1); continue
    if line.startswith("TASK ["):
        if not line.startswith("TASK [nginx : "):
            phase = None
        continue
    m = re.match(r"(ok|changed): \[([^\]\s]+)", line)
    if m and phase and (not seen or seen[-1] != (phase, m.group(2))):
        seen.append((phase, m.group(2)))
want = [(p, h) for h in ("app-a", "app-b") for p in ("Drain", "Upgrade", "Health", "Undrain")]
got = [s for s in seen if s[1] in ("app-a", "app-b")]
print("    " + " -> ".join(f"{p} {h}" for p, h in got))
sys.exit(0 if got == want else 1)
PY
}
check "log: drain -> upgrade -> health -> undrain, app-a then app-b" upgrade_in_order
check "log: apt-get ran simulated on every host" test "$(grep -c 'would be upgraded (apt-get -s)' "$T/upgrade.log")" -ge 3
check "nginx has every host back in rotation" bash -c "! grep -q ' down;' '$T/nginx/upstream.conf' && grep -q ':$P1 ' '$T/nginx/upstream.conf' && grep -q ':$P2 ' '$T/nginx/upstream.conf'"
check "channel: upgrade started and done" in_order "$m" "開始逐台更新所有主機的套件" "所有主機的套件已更新"

loop_stop "$T/nginx"
check "zero failed requests through nginx from the first push to the last upgrade" loop_no_failures "$T/nginx"

echo "pipeline: $pass passed, $fail failed in $SECONDS s"
[[ $fail == 0 ]]
