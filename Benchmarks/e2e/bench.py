#!/usr/bin/env python3
"""End-to-end latency of `hark run`: a new item becomes visible on a loopback feed at a random
moment; the time until the webhook receives the alert about it is one sample.

Everything is real: a feed server and a recording webhook on 127.0.0.1 (this script), the release
`hark run` binary polling every --interval seconds (10 s by default, jitter included), routing with
group_wait 0s. The peer is the poll interval itself: an item published at a random moment waits on
average half an interval for the next poll, so p50 ≈ interval/2 and p99 ≈ interval (plus hark's own
work) is the best any poller can do; the goal is p99 ≤ interval + 1 s.
Prints one JSON object."""
import argparse, json, os, shutil, random, signal, subprocess, sys, tempfile, threading, time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--hark", default=".build/release/hark")
parser.add_argument("--interval", type=int, default=10, help="poll interval in seconds")
parser.add_argument("--items", type=int, default=40, help="items to publish")
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()

lock = threading.Lock()
visible = {}      # item id -> time it became visible
received = {}     # item id -> time the webhook got it
polls = []        # times hark fetched the feed


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        with lock:
            polls.append(time.time())
            items = sorted(visible.items(), key=lambda kv: -kv[1])[:50]
        body = "<rss version=\"2.0\"><channel><title>bench</title>" + "".join(
            f"<item><guid>{i}</guid><title>{i}</title><pubDate>{formatdate(t, usegmt=True)}</pubDate>"
            f"<description>CineClub charged me twice, item {i}</description></item>" for i, t in items
        ) + "</channel></rss>"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        now = time.time()
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            for alert in json.loads(data).get("alerts", []):
                mention = alert.get("mention") or {}
                with lock:
                    received.setdefault(mention.get("id"), now)
        except ValueError:
            pass
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
port = server.server_address[1]
threading.Thread(target=server.serve_forever, daemon=True).start()

config = tempfile.mkdtemp(prefix="hark-e2e-")
os.makedirs(f"{config}/connectors")
os.makedirs(f"{config}/rules")
with open(f"{config}/connectors/feed.yaml", "w") as f:
    f.write(f"name: feed\ntype: feed\nurl: http://127.0.0.1:{port}/feed.xml\nevery: {args.interval}s\n")
with open(f"{config}/rules/rules.yaml", "w") as f:
    f.write(f"""topics:
  - name: billing
    query: 'charge*'
route:
  receiver: hook
  group_by: [connector, topic]
  group_wait: 0s
  group_interval: 1s
receivers:
  - name: hook
    webhook: {{ url: "http://127.0.0.1:{port}/hook" }}
""")
state = tempfile.mkdtemp(prefix="hark-e2e-state-")
hark = subprocess.Popen(
    [args.hark, "run", "--config", config, "--state", state, "--http", "off", "--log-level", "warning"],
    stderr=open(os.path.join(state, "hark.log"), "w"))
try:
    time.sleep(2)  # let the first poll see an empty feed
    rng = random.Random(args.seed)
    for n in range(args.items):
        # Random moments, not aligned with the poll: about 2.6 items per poll interval.
        time.sleep(rng.uniform(0.2, 0.75 * args.interval))
        with lock:
            visible[f"e2e-{n}"] = time.time()
    deadline = time.time() + 3 * args.interval
    while time.time() < deadline:
        with lock:
            if len(received) >= len(visible):
                break
        time.sleep(0.2)
finally:
    hark.send_signal(signal.SIGTERM)
    code = hark.wait(timeout=60)
    server.shutdown()
if code != 0:
    sys.stderr.write(open(os.path.join(state, "hark.log")).read())

latencies = sorted(received[i] - t for i, t in visible.items() if i in received)
# hark's own share: from the poll that first saw the item to the webhook (the rest is waiting for
# that poll, which the interval and its jitter (up to 10 % sooner, never later) decide).
own = sorted(received[i] - min((p for p in polls if p >= t), default=received[i])
             for i, t in visible.items() if i in received)
def pct(p):
    return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 3) if latencies else None
goal = args.interval + 1
print(json.dumps({
    "benchmark": "e2e",
    "poll_interval_s": args.interval,
    "items": len(visible),
    "delivered": len(latencies),
    "p50_s": pct(50), "p99_s": pct(99), "max_s": round(latencies[-1], 3) if latencies else None,
    "hark_share_p50_s": round(own[len(own) // 2], 3) if own else None,
    "hark_share_p99_s": round(own[min(len(own) - 1, int(0.99 * len(own)))], 3) if own else None,
    "longest_poll_gap_s": round(max((b - a for a, b in zip(polls[1:], polls[2:])), default=0), 3),
    "peer": "the poll interval (ideal poller: p50 = interval/2, p99 = interval)",
    "p50_over_half_interval": round(pct(50) / (args.interval / 2), 3) if latencies else None,
    "p99_over_interval": round(pct(99) / args.interval, 3) if latencies else None,
    "goal_p99_s": goal,
    "hark_exit_status": code,
    "goal_met": bool(latencies) and pct(99) <= goal and len(latencies) == len(visible),
}))
shutil.rmtree(config, ignore_errors=True)
shutil.rmtree(state, ignore_errors=True)
