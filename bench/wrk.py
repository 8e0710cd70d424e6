"""The wrk command line both load runs use (bench/run.py, bench/after_save.py)."""


def command(port, url, *, threads, connections, duration, script=None, latency=False):
    """wrk asking for ``url`` on loopback as browsers behind the HTTPS proxy would."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    args += ["--latency"] if latency else []
    args += ["-H", "X-Forwarded-Proto: https", "-H", "Accept-Encoding: gzip"]
    args += ["-s", str(script)] if script else []
    return [*args, f"http://127.0.0.1:{port}{url}"]
