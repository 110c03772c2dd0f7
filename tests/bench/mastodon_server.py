#!/usr/bin/env python3
"""A loopback Mastodon server for the live-wall benchmark (live_bench.sh).

Serves GET /api/v1/timelines/tag/<tag> with 40 statuses (20 with a photo, 8
authors with avatars) and the pictures themselves, drawn at start-up by
bench_images.py. Two behaviours:
  --mode min_id  honours min_id (and since_id/max_id/limit) as Mastodon does:
                 after the first poll, a poll returns only what is new;
  --mode same    ignores them and returns the same 40 statuses every time,
                 as feeds without conditional GET or cursors do.
--new-every S adds one new status every S seconds (0: never).
Writes the port it listens on to --port-file (it binds port 0). Counts the
timeline requests it answered in --log (one line each).
Usage: mastodon_server.py --www DIR --port-file FILE [--mode min_id|same] [--new-every S]"""
import argparse
import datetime
import http.server
import json
import os
import threading
import time
import urllib.parse

from bench_images import write_png

LINES = [
    "Thank you to the night team on ward 4, you made a long week bearable.",
    "First steps after the knee operation! The physio says stairs tomorrow.",
    "The new garden is open: come and sit in the sun between appointments.",
    "Blood donors, you are heroes. 42 units this week, thank you all.",
    "Our volunteers knitted 200 hats for the newborns this winter.",
    "The coffee cart is back in the main lobby, from 8 am every weekday.",
    "Cake for the cleaning team today, thank you for everything you do.",
    "Family photo day on the children's ward was a great success.",
    "Music in the atrium this Friday at noon, everyone is welcome.",
    "The new wing opens next month with forty more beds and a roof garden.",
]


class Timeline:
    def __init__(self, www, port):
        self.lock = threading.Lock()
        self.www, self.port = www, port
        self.statuses = []  # oldest first
        self.started = datetime.datetime.now(datetime.timezone.utc)
        for i in range(40):
            self.add(i, self.started - datetime.timedelta(minutes=9 * (40 - i)))

    def add(self, n, created):
        base = f"http://127.0.0.1:{self.port}"
        author = n % 8
        status = {
            "id": str(110000000000000000 + n),
            "uri": f"{base}/users/friend{author}/statuses/{n}",
            "url": f"{base}/@friend{author}/{n}",
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "visibility": "public", "sensitive": False, "spoiler_text": "", "language": "en",
            "in_reply_to_id": None, "reblog": None, "emojis": [],
            "content": f"<p>{LINES[n % len(LINES)]} <a href=\"{base}/tags/bench\" class=\"mention hashtag\">#<span>bench</span></a> ({n})</p>",
            "account": {"id": str(author), "username": f"friend{author}", "acct": f"friend{author}",
                        "display_name": f"Friend of the hospital {author}", "url": f"{base}/@friend{author}",
                        "avatar_static": f"{base}/avatar{author}.png", "emojis": []},
            "media_attachments": [],
        }
        if n % 2 == 0:
            name = f"photo{n}.png"
            if not os.path.exists(os.path.join(self.www, name)):
                write_png(os.path.join(self.www, name), 800, 600, n)
            status["media_attachments"].append({
                "id": str(n), "type": "image", "url": f"{base}/{name}", "preview_url": f"{base}/{name}",
                "description": f"A picture for post {n}",
                "meta": {"original": {"width": 800, "height": 600}, "focus": {"x": 0.0, "y": 0.0}}})
        with self.lock:
            self.statuses.append(status)

    def page(self, query, honour_ids):
        limit = min(40, max(1, int(query.get("limit", ["20"])[0])))
        with self.lock:
            newest_first = list(reversed(self.statuses))
        if not honour_ids:
            return newest_first[:limit]
        ident = lambda s: int(s["id"])
        if "max_id" in query:
            newest_first = [s for s in newest_first if ident(s) < int(query["max_id"][0])]
        if "since_id" in query:
            newest_first = [s for s in newest_first if ident(s) > int(query["since_id"][0])]
        if "min_id" in query:
            # The statuses right after min_id, oldest of them first in the window, newest first in the answer.
            newer = [s for s in reversed(newest_first) if ident(s) > int(query["min_id"][0])]
            return list(reversed(newer[:limit]))
        return newest_first[:limit]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--www", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--mode", choices=["min_id", "same"], default="min_id")
    ap.add_argument("--new-every", type=float, default=0)
    ap.add_argument("--log", default=os.devnull)
    args = ap.parse_args()
    os.makedirs(args.www, exist_ok=True)
    log = open(args.log, "a", buffering=1)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=args.www, **kw)

        def log_message(self, *a):
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if not url.path.startswith("/api/v1/timelines/tag/"):
                return super().do_GET()
            statuses = timeline.page(urllib.parse.parse_qs(url.query), args.mode == "min_id")
            body = json.dumps(statuses).encode()
            log.write(f"{time.time():.1f} {url.query} -> {len(statuses)}\n")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    for a in range(8):
        write_png(os.path.join(args.www, f"avatar{a}.png"), 128, 128, 1000 + a)
    timeline = Timeline(args.www, port)
    if args.new_every > 0:
        def grow():
            n = 40
            while True:
                time.sleep(args.new_every)
                timeline.add(n, datetime.datetime.now(datetime.timezone.utc))
                n += 1
        threading.Thread(target=grow, daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
