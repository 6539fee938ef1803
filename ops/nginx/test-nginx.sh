#!/usr/bin/env bash
# Checks ops/nginx for real: renders yass.conf into a temp prefix (paths and
# ports rewritten, self-signed certificates per test hostname), runs
# `nginx -t`, starts nginx on 127.0.0.1, and checks TLS certificate
# selection by SNI, caching and security headers, /metrics blocking, the
# ACME webroot, stub_status, and that nginx.mtail parses the access log.
# No API runs, so proxied paths answer 502 (which mtail must count).
# With SCRAPE_DIR set, it also leaves real scrapes there for
# ops/check_dashboards.py: prometheus-nginx-exporter on the stub_status,
# mtail's output, and blackbox probes (ops/prometheus/blackbox.yml modules,
# trusting the test certificates) of this nginx.
# Prints "nginx-test: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d)"
chmod 755 "$T"
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "  ok   $*"; }
bad() { fail=$((fail+1)); echo "  FAIL $*"; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -f "$T/nginx.pid" ]]; then kill "$(cat "$T/nginx.pid")" 2>/dev/null || true; sleep 0.3; fi
  rm -rf "$T"
}
trap cleanup EXIT
[[ -n "${KEEP:-}" ]] && trap - EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# Three ports held open together while the OS picks them, so they differ
# (picked one at a time, two could coincide and share one listen socket).
read -r P80 P443 PST < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))')
[[ -n "${SCRAPE_DIR:-}" ]] && mkdir -p "$SCRAPE_DIR"

mkdir -p "$T"/{snippets,live,log,acme/.well-known/acme-challenge,spa,tmp}
# Rewrite production paths and ports into the temp prefix; drop IPv6
# listens (the sandbox may have no IPv6).
render() {
  sed -e "s#/etc/nginx/snippets/#$T/snippets/#g" \
      -e "s#/etc/letsencrypt/live#$T/live#g" \
      -e "s#/etc/nginx/yass-fallback-cert#$T/live/fallback#g" \
      -e "s#/var/log/nginx#$T/log#g" \
      -e "s#/var/www/acme#$T/acme#g" \
      -e "s#/srv/yass/current/spa#$T/spa#g" \
      -e "s#listen 80 default_server;#listen 127.0.0.1:$P80 default_server;#" \
      -e "s#listen 443 ssl http2 default_server;#listen 127.0.0.1:$P443 ssl http2 default_server;#" \
      -e "s#listen 127.0.0.1:8088;#listen 127.0.0.1:$PST;#" \
      -e '/listen \[::\]/d' "$1"
}
render "$here/yass.conf" > "$T/yass.conf"
for f in "$here"/snippets/*.conf; do render "$f" > "$T/snippets/$(basename "$f")"; done
# The hostnames nginx serves, as roles/nginx renders them.
printf '%s\n' "school-a.test school-a.test;" "school-b.test school-b.test;" >"$T/snippets/yass-known-hosts.map"

for name in school-a.test school-b.test fallback; do
  mkdir -p "$T/live/$name"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$name" -addext "subjectAltName=DNS:$name" \
    -keyout "$T/live/$name/privkey.pem" -out "$T/live/$name/fullchain.pem" 2>/dev/null
  # As in production: the deploy hook makes the key readable by the worker
  # processes' group (here nginx's default worker user, nobody/nogroup).
  RENEWED_LINEAGE="$T/live/$name" YASS_TLS_GROUP=nogroup NGINX_RELOAD=: "$here/certbot-deploy-hook.sh"
done
echo 'token-123' > "$T/acme/.well-known/acme-challenge/token-123"
echo 'console.log(1)' > "$T/spa/yass-web-0123456789abcdef.js"
echo '<!doctype html>' > "$T/spa/index.html"

cat > "$T/nginx.conf" <<CONF
pid $T/nginx.pid;
error_log $T/log/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path $T/tmp/body;
  proxy_temp_path $T/tmp/proxy;
  fastcgi_temp_path $T/tmp/fastcgi;
  uwsgi_temp_path $T/tmp/uwsgi;
  scgi_temp_path $T/tmp/scgi;
  include $T/yass.conf;
}
CONF

if nginx -t -q -e "$T/log/error.log" -c "$T/nginx.conf" 2>"$T/t.err"; then ok "nginx -t"; else bad "nginx -t: $(cat "$T/t.err")"; exit 1; fi
nginx -e "$T/log/error.log" -c "$T/nginx.conf"
for _ in $(seq 50); do [[ -s "$T/nginx.pid" ]] && break; sleep 0.1; done

cert_cn() {
  echo | openssl s_client -connect "127.0.0.1:$P443" ${1:+-servername "$1"} 2>/dev/null \
    | openssl x509 -noout -subject 2>/dev/null | sed 's/.*CN *= *//'
}
[[ "$(cert_cn school-a.test)" == "school-a.test" ]] && ok "SNI school-a.test gets its own certificate" || bad "SNI school-a.test: got '$(cert_cn school-a.test)'"
[[ "$(cert_cn school-b.test)" == "school-b.test" ]] && ok "SNI school-b.test gets its own certificate" || bad "SNI school-b.test"
[[ "$(cert_cn ../../etc)" == "fallback" ]] && ok "odd SNI name gets the fallback certificate" || bad "odd SNI name: got '$(cert_cn ../../etc)'"
[[ "$(cert_cn school-c.test)" == "fallback" ]] && ok "a plain SNI name nginx does not serve gets the fallback certificate (no failed handshake)" || bad "unknown SNI name: got '$(cert_cn school-c.test)'"

get() { curl -sk -o "$T/body" -D "$T/headers" -w '%{http_code}' --resolve "school-a.test:$P443:127.0.0.1" "https://school-a.test:$P443$1"; }
header() { grep -i "^$1:" "$T/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

code=$(get /yass-web-0123456789abcdef.js)
if [[ $code == 200 && "$(header Cache-Control)" == "public, max-age=31536000, immutable" ]]; then ok "hashed asset is immutable"; else bad "hashed asset: $code $(header Cache-Control)"; fi
if [[ "$(header Content-Security-Policy)" == *"'wasm-unsafe-eval'"* && "$(header X-Content-Type-Options)" == nosniff && "$(header X-Frame-Options)" == SAMEORIGIN && -n "$(header Strict-Transport-Security)" && -n "$(header Referrer-Policy)" ]]; then ok "security headers on static files"; else bad "security headers on static files"; cat "$T/headers"; fi
code=$(get /metrics); [[ $code == 404 ]] && ok "/metrics is not proxied (404)" || bad "/metrics answered $code"
code=$(get /api/v1/resolve?host=school-a.test)
if [[ $code == 502 && "$(header X-Frame-Options)" == SAMEORIGIN ]]; then ok "API path proxied (502 without instances), headers kept"; else bad "API path: $code"; fi
flood() { local i; for i in $(seq 80); do curl -sk -o /dev/null -w '%{http_code}\n' -X POST --resolve "school-a.test:$P443:127.0.0.1" "https://school-a.test:$P443/api/v1/sites/school-a/auth/login"; done; }
codes=$(flood | sort | uniq -c | tr -s ' ' | tr '\n' ',')
if [[ $codes == *" 429"* && $codes == *" 502"* ]]; then ok "a sign-in flood from one address is cut to 429 by nginx ($codes)"; else bad "sign-in flood: $codes"; fi
code=$(get /api/v1/sites/school-a/news)
[[ $code == 502 ]] && ok "other API paths are not rate limited after the flood" || bad "API after the flood: $code"
code=$(get /news/12)
if [[ $code == 502 ]]; then ok "HTML route goes to the API, not to index.html on disk"; else bad "HTML route: $code"; fi
code=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$P80/.well-known/acme-challenge/token-123")
[[ $code == 200 && "$(cat "$T/body")" == token-123 ]] && ok "ACME webroot served on port 80" || bad "ACME webroot: $code"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Host: school-a.test' "http://127.0.0.1:$P80/news/1")
[[ $code == "301 https://school-a.test/news/1" ]] && ok "port 80 redirects to https" || bad "redirect: $code"
curl -s "http://127.0.0.1:$PST/stub_status" | grep -q 'Active connections' && ok "stub_status on loopback" || bad "stub_status"

# mtail must parse our access log format and count the 502s.
if command -v mtail >/dev/null; then
  mkdir -p "$T/mtail"; cp "$here/nginx.mtail" "$T/mtail/"
  out=$(mtail --progs "$T/mtail" --logs "$T/log/yass-access.log" --one_shot --one_shot_format prometheus --logtostderr 2>/dev/null || true)
  if grep -q 'nginx_http_requests_total{host="school-a.test",prog="nginx.mtail",status="502"}' <<<"$out"; then ok "mtail counts 502 per school from the access log"; else bad "mtail did not count 502 for school-a.test"; grep nginx_http_requests_total <<<"$out"; fi
  curl -s -o /dev/null -H 'Host: made-up.example' "http://127.0.0.1:$P80/api/v1/x" || true
  sleep 0.2
  out=$(mtail --progs "$T/mtail" --logs "$T/log/yass-access.log" --one_shot --one_shot_format prometheus --logtostderr 2>/dev/null || true)
  if grep -q 'nginx_http_requests_total{host="other",' <<<"$out" && ! grep -q 'host="made-up.example"' <<<"$out"; then ok "a Host header nginx does not serve is counted as other (bounded series)"; else bad "unknown host label"; grep nginx_http_requests_total <<<"$out"; fi
  [[ -n "${SCRAPE_DIR:-}" ]] && printf '%s\n' "$out" >"$SCRAPE_DIR/mtail.prom"
else
  bad "mtail not installed"
fi

wait_http() { for _ in $(seq 50); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
if [[ -n "${SCRAPE_DIR:-}" ]]; then
  PX=$(free_port); PB=$(free_port)
  prometheus-nginx-exporter -web.listen-address="127.0.0.1:$PX" \
    -nginx.scrape-uri="http://127.0.0.1:$PST/stub_status" >"$T/log/nginx-exporter.log" 2>&1 &
  pids+=($!)
  # Our modules, plus trust in the test certificates (each is its own root).
  cat "$T"/live/*/fullchain.pem >"$T/test-ca.pem"
  python3 - "$here/../prometheus/blackbox.yml" "$T/blackbox.yml" "$T/test-ca.pem" <<'PY'
import sys, yaml
conf = yaml.safe_load(open(sys.argv[1]))
for name, module in conf["modules"].items():
    proto = module.get(module["prober"], {})
    proto["tls_config"] = {"ca_file": sys.argv[3], "server_name": "school-a.test"}
    module[module["prober"]] = proto
yaml.safe_dump(conf, open(sys.argv[2], "w"))
PY
  prometheus-blackbox-exporter --config.file="$T/blackbox.yml" \
    --web.listen-address="127.0.0.1:$PB" >"$T/log/blackbox.log" 2>&1 &
  pids+=($!)
  if wait_http "http://127.0.0.1:$PX/metrics" && curl -sf "http://127.0.0.1:$PX/metrics" >"$SCRAPE_DIR/nginx-exporter.prom" \
     && grep -q '^nginx_connections_active' "$SCRAPE_DIR/nginx-exporter.prom"; then ok "nginx exporter reads stub_status"; else bad "nginx exporter"; fi
  wait_http "http://127.0.0.1:$PB/metrics" || true
  asset="https://127.0.0.1:$P443/yass-web-0123456789abcdef.js"
  curl -sf "http://127.0.0.1:$PB/probe?module=http_2xx&target=$asset" >"$SCRAPE_DIR/probe-http.prom" || true
  curl -sf "http://127.0.0.1:$PB/probe?module=tls_connect&target=127.0.0.1:$P443" >"$SCRAPE_DIR/probe-tls.prom" || true
  if grep -q '^probe_success 1' "$SCRAPE_DIR/probe-http.prom" && grep -q '^probe_success 1' "$SCRAPE_DIR/probe-tls.prom" \
     && grep -q '^probe_ssl_earliest_cert_expiry' "$SCRAPE_DIR/probe-tls.prom"; then ok "blackbox http_2xx and tls_connect probes succeed"
  else bad "blackbox probes"; cat "$SCRAPE_DIR"/probe-*.prom | grep -E '^probe_(success|http_status_code)'; fi
fi

echo "nginx-test: $pass passed, $fail failed"
[[ $fail == 0 ]]
