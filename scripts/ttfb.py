"""Median time to first body byte of streaming chat requests over one keep-alive connection.

    python3 scripts/ttfb.py PORT PATH MODEL [COUNT]

Used by scripts/bench-proxy. One connection is reused, as SDKs do, so the number is the gateway's
request path, not connection setup. Talks only to 127.0.0.1.
"""
import http.client
import json
import statistics
import sys
import time

port, path, model = int(sys.argv[1]), sys.argv[2], sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
body = json.dumps({"model": model, "stream": True, "messages": [{"role": "user", "content": "Hi"}]})
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
samples = []
for _ in range(count + 20):
    start = time.perf_counter()
    connection.request("POST", path, body, {"content-type": "application/json"})
    response = connection.getresponse()
    response.read(1)
    samples.append(time.perf_counter() - start)
    response.read()
print(f"{statistics.median(samples[20:]) * 1000:.3f}")
