#!/usr/bin/env python3
"""A compressed soak of `hark run`: --connectors loopback feeds (2,000 by default), each polled
every --interval seconds and each gaining one item per interval, so hark takes in
connectors/interval mentions a second (200/s by default) for --minutes, routing them to a webhook.

Samples the hark process every second from /proc: resident memory (peak, final, and the ratio of the
final to the value a third of the way in — flat memory is ≈ 1.0) and CPU time. The peer is the
offered load: mentions processed per second over mentions offered per second (1.0 = keeping up).
Everything is on 127.0.0.1; the feeds are spread over several ports (libcurl limits connections per
host and port). Prints one JSON object."""
import argparse, json, os, shutil, signal, subprocess, tempfile, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--hark", default=".build/release/hark")
parser.add_argument("--connectors", type=int, default=2000)
parser.add_argument("--interval", type=int, default=10)
parser.add_argument("--minutes", type=float, default=4)
parser.add_argument("--ports", type=int, default=8)
parser.add_argument("--keep", type=int, default=10, help="items each feed lists")
args = parser.parse_args()

start = time.time()
posts = [0]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        index = int(self.path.rsplit("/", 1)[-1].split(".")[0])
        # One new item per interval per feed, at a moment of its own; stateless.
        step = int((time.time() - start + index * args.interval / args.connectors) // args.interval)
        items = "".join(
            f"<item><guid>f{index}-{k}</guid><title>t</title>"
            f"<description>CineClub feed {index} post {k}: charged twice, refund please</description></item>"
            for k in range(step, max(-1, step - args.keep), -1))
        data = f"<rss version=\"2.0\"><channel><title>f{index}</title>{items}</channel></rss>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            posts[0] += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


servers = []
for _ in range(args.ports):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
ports = [s.server_address[1] for s in servers]

config = tempfile.mkdtemp(prefix="hark-soak-")
os.makedirs(f"{config}/connectors")
os.makedirs(f"{config}/rules")
for i in range(args.connectors):
    with open(f"{config}/connectors/f{i}.yaml", "w") as f:
        f.write(f"name: f{i}\ntype: feed\nurl: http://127.0.0.1:{ports[i % len(ports)]}/feed/{i}.xml\n"
                f"every: {args.interval}s\n")
with open(f"{config}/rules/rules.yaml", "w") as f:
    f.write(f"""topics:
  - name: billing
    query: 'charge* OR refund*'
route:
  receiver: hook
  group_by: [topic]
  group_wait: 5s
  group_interval: 5s
receivers:
  - name: hook
    webhook: {{ url: "http://127.0.0.1:{ports[0]}/hook" }}
""")
state = tempfile.mkdtemp(prefix="hark-soak-state-")
hark = subprocess.Popen(
    [args.hark, "run", "--config", config, "--state", state, "--http", "127.0.0.1:0", "--log-level", "notice"],
    stderr=subprocess.PIPE, text=True)
endpoint = []


def read_log():
    for line in hark.stderr:
        if "http endpoint listening" in line and not endpoint:
            endpoint.append(line.split("address=")[1].split()[0])


threading.Thread(target=read_log, daemon=True).start()
ticks = os.sysconf("SC_CLK_TCK")


def sample():
    with open(f"/proc/{hark.pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
    with open(f"/proc/{hark.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / ticks


def processed():
    if not endpoint:
        return 0
    text = urllib.request.urlopen(f"http://{endpoint[0]}/metrics", timeout=10).read().decode()
    return sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith("hark_mentions_total{"))


samples = []
duration = args.minutes * 60
try:
    t0 = time.time()
    while time.time() - t0 < duration:
        time.sleep(1)
        samples.append((time.time() - t0, *sample()))
    # Mentions listed before hark first polled each feed count once; steady state starts after a
    # minute, so the rate is measured over the rest.
    warm = next(s for s in samples if s[0] >= min(60, duration / 3))
    done = processed()
    end_time = time.time() - t0
finally:
    hark.send_signal(signal.SIGTERM)
    code = hark.wait(timeout=60)
    for s in servers:
        s.shutdown()

rss = [s[1] for s in samples]
third = samples[len(samples) // 3][1]
cpu_seconds = samples[-1][2]
offered = args.connectors / args.interval
print(json.dumps({
    "benchmark": "soak",
    "connectors": args.connectors, "poll_interval_s": args.interval, "minutes": args.minutes,
    "offered_mentions_per_s": offered,
    "processed_mentions": int(done),
    "processed_per_s_overall": round(done / end_time, 1),
    "peer": "the offered load (processed/offered = 1.0 keeps up)",
    "processed_over_offered": round(done / end_time / offered, 3),
    "rss_peak_mb": round(max(rss), 1), "rss_final_mb": round(rss[-1], 1),
    "rss_final_over_third": round(rss[-1] / third, 3),
    "cpu_percent_of_one_core": round(100 * cpu_seconds / samples[-1][0], 1),
    "cpu_ms_per_mention": round(1000 * cpu_seconds / max(1, done), 3),
    "webhook_posts": posts[0],
    "exit_status": code,
}))
shutil.rmtree(config, ignore_errors=True)
shutil.rmtree(state, ignore_errors=True)
