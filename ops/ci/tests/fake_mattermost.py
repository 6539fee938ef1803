#!/usr/bin/env python3
"""A stand-in for the team's Mattermost server (which cannot run here), for
ops/ci/test-pipeline.sh. It speaks the two protocols the bot uses:

* incoming webhooks: POST /hooks/<key> with JSON {"text": ..., "username": ...}
  is recorded (one JSON line per post in --log) and answered "ok", as
  Mattermost does;
* slash commands: POST /test/command with JSON {"text", "user_id",
  "user_name", "channel_id", "token"} makes it send the command to the
  bot's URL exactly as Mattermost sends one (form-encoded, the same field
  names, Accept: application/json) and returns the bot's status and answer.

GET /test/posts returns every recorded post.
"""
import argparse
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
posts = []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--bot", required=True, help="the bot's slash command URL")
    args = ap.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, code, body, ctype="application/json"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n)

        def do_GET(self):
            if self.path == "/test/posts":
                with lock:
                    return self.reply(200, json.dumps(posts))
            self.reply(404, "{}")

        def do_POST(self):
            if self.path.startswith("/hooks/"):
                try:
                    payload = json.loads(self.body())
                    text = payload["text"]
                except (ValueError, KeyError):
                    # Mattermost's answer to a post without text.
                    return self.reply(400, '{"id":"web.incoming_webhook.text.app_error"}')
                with lock:
                    posts.append({"text": text, "username": payload.get("username")})
                    with open(args.log, "a") as f:
                        f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
                return self.reply(200, "ok", "text/plain")
            if self.path == "/test/command":
                c = json.loads(self.body())
                form = {
                    "channel_id": c.get("channel_id", ""),
                    "channel_name": c.get("channel_name", "ops"),
                    "command": "/yass",
                    "response_url": f"http://127.0.0.1:{args.port}/hooks/commands/response",
                    "team_domain": "taipei-ops",
                    "team_id": "team1",
                    "text": c.get("text", ""),
                    "token": c.get("token", ""),
                    "trigger_id": "trigger1",
                    "user_id": c.get("user_id", ""),
                    "user_name": c.get("user_name", ""),
                }
                req = urllib.request.Request(
                    args.bot, data=urllib.parse.urlencode(form).encode(), method="POST",
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/json", "User-Agent": "Mattermost-Bot/1.1"})
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        status, answer = r.status, r.read().decode()
                except urllib.error.HTTPError as e:
                    status, answer = e.code, e.read().decode()
                return self.reply(200, json.dumps({"status": status, "answer": answer}))
            self.reply(404, "{}")

    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
