"""Opens N idle TCP connections to 127.0.0.1:PORT and holds them until stdin closes.

Used by the "10,000 idle connections" test: the connections live in this process so the test
process only spends file descriptors on the server side. Prints "ready N" once all are open.
Bounded: at most 20,000 connections, and it exits after 120 seconds whatever happens.
"""
import os
import resource
import socket
import sys
import threading

port, count = int(sys.argv[1]), min(int(sys.argv[2]), 20000)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))
watchdog = threading.Timer(120, lambda: os._exit(0))
watchdog.daemon = True
watchdog.start()
sockets = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    sockets.append(s)
print(f"ready {len(sockets)}", flush=True)
sys.stdin.read()
for s in sockets:
    s.close()
print("closed", flush=True)
