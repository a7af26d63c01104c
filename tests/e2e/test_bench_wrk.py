"""wrk's listed histogram (bench/wrk.py, `samples=True`) against wrk's own figures: pooled
slices are only as good as the samples they pool."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import measure, wrk


class _Uneven(BaseHTTPRequestHandler):
    """Answers each POST after 0 to 4 ms, keeping the connection open."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(random.choice((0, 0, 0.001, 0.004)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def uneven_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Uneven)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/graphql"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not wrk.available(), reason="the benchmark needs wrk (`make wrk` installs it)")
@pytest.mark.parametrize("connections", [1, 4])
def test_the_listed_latencies_give_wrks_own_percentiles(uneven_url: str, connections: int):
    load = wrk.run(
        uneven_url, {"query": "{ a }"}, {}, connections=connections, seconds=1, samples=True
    )

    samples = list(load.samples_ms)
    assert samples == sorted(samples)
    # wrk's histogram holds every answer but the one that ended the run, plus the samples wrk
    # adds for the requests a slow answer held back (its correction of coordinated omission).
    assert len(samples) >= load.requests - connections
    assert measure.percentile(samples, 50) == load.p50_ms
    assert measure.percentile(samples, 99) == load.p99_ms
    assert samples[-1] == load.max_ms
    assert wrk.run(uneven_url, {}, {}, connections=1, seconds=1).samples_ms == ()
