"""Benchmark: the HTTP service's throughput, against evaluating in-process, in the same run.

    .venv/bin/python benchmarks/bench_service.py [--seconds S] [--clients C]

Starts ``python -m schemerules.service`` (what ``schemerules serve`` runs) on a free port of 127.0.0.1,
serving benchmarks/monthly_pay.yaml (id bench-monthly-pay), and measures for S seconds each (default 5), with C client threads
(default 4) each holding one keep-alive connection:

* single-record requests: POST /schemes/monthly-pay/evaluate with one record;
* 1,000-record requests: the same with 1,000 records.

The in-process baselines run the same records in this process: ``Scheme.evaluate_batch`` alone, and the
service's whole work without HTTP (read the JSON body, evaluate, build and encode the response:
``schemerules.service.work.evaluate``), each measured half just before and half just after the service, so
that the machine's load weighs on both sides alike. Ratios are the service's throughput over each baseline;
its ms/request is the mean time one client waits (C requests are in flight at once). The first answer of
each kind is compared with the in-process results before anything is timed. Every request goes
to this machine's loopback interface; the loops are bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import schemerules  # noqa: E402
from schemerules.service import Settings, work  # noqa: E402
from schemerules.service.shapes import result_body  # noqa: E402

from bench import records  # noqa: E402

PATH = "/schemes/bench-monthly-pay/evaluate"
MAX_REQUESTS = 200_000          # per measurement, whatever the time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "schemerules.service", folder, "--port", str(port),
                             "--max-records", "10000"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    until = time.monotonic() + 30
    while time.monotonic() < until:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("the service did not start")
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the service did not start in 30 s")


def post(conn, body: bytes) -> bytes:
    conn.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    data = resp.read()
    if resp.status != 200:
        raise RuntimeError(f"{resp.status}: {data[:300]!r}")
    return data


def hammer(port: int, body: bytes, seconds: float, clients: int) -> tuple[int, float]:
    """(requests answered, seconds) with *clients* threads posting *body* for *seconds*."""
    counts = [0] * clients
    stop = time.monotonic() + seconds
    errors = []

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while time.monotonic() < stop and counts[i] < MAX_REQUESTS // clients:
                post(conn, body)
                counts[i] += 1
        except Exception as e:          # reported after the run
            errors.append(e)
        finally:
            conn.close()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"requests failed: {errors[0]}")
    return sum(counts), elapsed


def timed(fn, seconds: float) -> tuple[int, float]:
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds and n < MAX_REQUESTS:
        fn()
        n += 1
    return n, time.perf_counter() - started


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--clients", type=int, default=4)
    args = p.parse_args()
    folder = tempfile.mkdtemp(prefix="schemerules-bench-")
    try:
        shutil.copy(HERE / "monthly_pay.yaml", folder)
        scheme = schemerules.load_scheme(os.path.join(folder, "monthly_pay.yaml"))
        one, thousand = records(1), records(1000, seed=11)
        bodies = {1: json.dumps({"records": one}).encode(), 1000: json.dumps({"records": thousand}).encode()}
        port = free_port()
        proc = start_server(folder, port)
        settings = Settings(max_records=10_000)
        baseline, pipeline, served = {}, {}, {}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for n, batch in ((1, one), (1000, thousand)):
                got = json.loads(post(conn, bodies[n]))["results"]
                want = json.loads(json.dumps([result_body(scheme, r, "en") for r in scheme.evaluate_batch(batch)]))
                assert got == want, f"the service's results differ from in-process evaluation ({n} records)"
            conn.close()
            for n, batch in ((1, one), (1000, thousand)):
                def whole(body=bodies[n]):
                    deadline = work.Deadline(settings.timeout)
                    out = work.evaluate(scheme, body, lang="en", deadline=deadline, max_records=settings.max_records)
                    json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

                # the baselines are measured just before and just after the service, half the time each, so that
                # a change in the machine's load during the run weighs on both sides alike
                before = timed(lambda: scheme.evaluate_batch(batch), args.seconds / 2), timed(whole, args.seconds / 2)
                served[n] = hammer(port, bodies[n], args.seconds, args.clients)
                after = timed(lambda: scheme.evaluate_batch(batch), args.seconds / 2), timed(whole, args.seconds / 2)
                baseline[n] = tuple(a + b for a, b in zip(before[0], after[0]))
                pipeline[n] = tuple(a + b for a, b in zip(before[1], after[1]))
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"schemerules {schemerules.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
          f"{args.clients} client threads, {args.seconds:g} s per measurement; scheme bench-monthly-pay")
    print(f"{'':<28}{'requests/s':>12}{'records/s':>12}{'ms/request':>12}{'vs evaluate_batch':>19}"
          f"{'vs in-process work':>20}")
    for n in (1, 1000):
        rows = [("evaluate_batch, in-process", baseline[n]), ("work.evaluate, in-process", pipeline[n]),
                ("HTTP service", served[n])]
        print(f"-- {n:,}-record requests")
        for name, (count, secs) in rows:
            rate = count / secs
            ratio1 = rate / (baseline[n][0] / baseline[n][1])
            ratio2 = rate / (pipeline[n][0] / pipeline[n][1])
            print(f"{name:<28}{rate:>12,.1f}{rate * n:>12,.0f}{1000 / rate * (args.clients if name == 'HTTP service' else 1):>12.2f}"
                  f"{ratio1:>18.2f}x{ratio2:>19.2f}x")


if __name__ == "__main__":
    main()
