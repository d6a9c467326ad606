"""A bounded load test of ``jpnews-tags serve`` on the loopback interface (prints figures for docs/benchmarks.md).

For each worker count it starts ``jpnews-tags serve --host 127.0.0.1 --workers N`` on a free port, waits for
``/health``, warms every worker up, then sends ``--requests`` ``POST /tags`` requests with article-sized posts
(the dev corpus when present, else the bundled examples) from ``--concurrency`` client threads, each on its own
keep-alive connection, and stops at the request count or after ``--max-seconds``, whichever comes first. Every
answer is checked against the library's own tags for that post (computed in this process beforehand): a request
that gets no answer, a non-200 status or other tags counts as lost or wrong. It prints requests per second,
p50/p99 latency and how many requests each worker answered (the ``x-jpnews-tags-worker`` header), then stops
the server (by its process id). Client: this script (``http.client`` and threads), no other tool.

Traffic goes to 127.0.0.1 only; the address is not an option.

    python bench/serve_load.py [--workers 1 2] [--requests 400] [--concurrency 4] [--max-seconds 120] [--docs 40]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
HOST = "127.0.0.1"  # loopback only, by design
sys.path.insert(0, str(ROOT))


def posts(limit: int) -> list[str]:
    corpus = SHARED / "corpus" / "_posts"
    files = sorted(corpus.glob("*.md")) if corpus.is_dir() else sorted((ROOT / "examples").glob("*.md"))
    step = max(1, len(files) // max(1, limit))
    return [f.read_text(encoding="utf-8") for f in files[::step][:limit]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_healthy(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not answer /health within {seconds:.0f} s")


def run_load(
    port: int, texts: list[str], expected: list[list[str]], requests: int, concurrency: int, max_seconds: float
) -> dict[str, object]:
    lock = threading.Lock()
    next_index = [0]
    latencies: list[float] = []
    workers: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    stop_at = time.monotonic() + max_seconds

    def take() -> int | None:
        with lock:
            if next_index[0] >= requests or time.monotonic() >= stop_at:
                return None
            next_index[0] += 1
            return next_index[0] - 1

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while (i := take()) is not None:
            k = i % len(texts)
            body = json.dumps({"text": texts[k]}).encode()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/tags", body, {"content-type": "application/json"})
                res = conn.getresponse()
                data = res.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    problems["lost"] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                continue
            dt = time.perf_counter() - t0
            ok = res.status == 200 and [t["tag"] for t in json.loads(data)["tags"]] == expected[k]
            with lock:
                latencies.append(dt)
                workers[res.getheader("x-jpnews-tags-worker") or "?"] += 1
                if not ok:
                    problems["wrong" if res.status == 200 else f"status {res.status}"] += 1
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    ordered = sorted(latencies)
    return {
        "sent": next_index[0],
        "answered": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * statistics.median(ordered) if ordered else 0.0,
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0,
        "per_worker": sorted(workers.values(), reverse=True),
        "problems": dict(problems),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--requests", type=int, default=400, help="requests per worker count (the bound)")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads")
    ap.add_argument("--max-seconds", type=float, default=120, help="time bound per worker count")
    ap.add_argument("--docs", type=int, default=40, help="distinct posts sent round-robin")
    args = ap.parse_args()

    from jpnews_tags import Analyzer
    from jpnews_tags.documents.document import analyze_document

    texts = posts(args.docs)
    analyzer = Analyzer()
    expected = [[t.tag for t in analyze_document(analyzer, t).tags] for t in texts]
    sizes = sorted(len(t) for t in texts)
    print(
        f"{len(texts)} posts, {statistics.median(sizes):,.0f} characters median ({sizes[0]:,}-{sizes[-1]:,}); "
        f"{args.concurrency} client threads on {HOST}; bound: {args.requests} requests or {args.max_seconds:.0f} s; "
        f"{os.cpu_count()} CPUs"
    )
    print("\n| workers | requests answered | lost or wrong | req/s | p50 ms | p99 ms | requests per worker |")
    print("|---|---|---|---|---|---|---|")
    for n in args.workers:
        port = free_port()
        cmd = [sys.executable, "-m", "jpnews_tags", "serve", "--host", HOST, "--port", str(port), "--workers", str(n)]
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_healthy(port, 180)
            run_load(port, texts, expected, 4 * n, n, 60)  # warm-up: every worker has analyzed something
            r = run_load(port, texts, expected, args.requests, args.concurrency, args.max_seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
        problems = r["problems"]
        assert isinstance(problems, dict)
        lost = f"{sum(problems.values())} {problems or ''}".strip()
        print(
            f"| {n} | {r['answered']} of {r['sent']} in {r['seconds']:.1f} s | {lost} "
            f"| {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['per_worker']} |"
        )


if __name__ == "__main__":
    main()
