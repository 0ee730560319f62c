#!/usr/bin/env python3
"""Load for a running `insitu serve`: batch-1 latency from one client, then throughput from N clients.

Usage: load.py URL [--clients 16] [--requests 200] [--sequential 1000]
  URL: the model's base URL, e.g. http://127.0.0.1:8000/v2/models/digits
Standard library only. Prints one JSON object; the service's own /metrics say how many requests merged.
"""
import argparse, json, statistics, threading, time, urllib.request

def post(url, body):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        r.read()
        return r.status

def main():
    a = argparse.ArgumentParser()
    a.add_argument("url")
    a.add_argument("--clients", type=int, default=16)
    a.add_argument("--requests", type=int, default=200, help="per client")
    a.add_argument("--sequential", type=int, default=1000)
    o = a.parse_args()
    meta = json.load(urllib.request.urlopen(o.url))
    inp = meta["inputs"][0]
    size = 1
    for d in inp["shape"][1:]:
        size *= d
    body = json.dumps({"inputs": [{"name": inp["name"], "shape": [1] + inp["shape"][1:], "datatype": "FP32",
                                   "data": [((i * 7) % 16) / 16 for i in range(size)]}]}).encode()
    infer = o.url + "/infer"
    for _ in range(100):
        post(infer, body)  # warm-up
    lat = []
    for _ in range(o.sequential):
        t = time.perf_counter()
        post(infer, body)
        lat.append(time.perf_counter() - t)
    errors = []
    def client():
        for _ in range(o.requests):
            s = post(infer, body)
            if s != 200:
                errors.append(s)
    threads = [threading.Thread(target=client) for _ in range(o.clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    lat.sort()
    print(json.dumps({"batch1_latency_ms_median": 1e3 * statistics.median(lat), "batch1_latency_ms_p99": 1e3 * lat[int(0.99 * len(lat))],
                      "clients": o.clients, "requests": o.clients * o.requests, "seconds": secs,
                      "requests_per_second": o.clients * o.requests / secs, "errors": len(errors)}))

if __name__ == "__main__":
    main()
