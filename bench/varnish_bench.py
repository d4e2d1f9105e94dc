"""Benchmark the shared cache: the seed-shaped article page through Varnish (deploy/varnish.vcl,
in front of gunicorn) against nginx serving the same bytes from a file, same machine, same run.

Target (issue 22): Varnish at 50 % or more of nginx's rate. wrk -t1 -c8 for 10 s on each (the
issue's script); the client shares the machine's cores with the server, as in the issue.
Needs varnishd (apt-get install varnish varnish-modules) and wrk; nginx is skipped if absent.
Run with `make bench-varnish`. Prints figures; asserts nothing.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import site_bench  # noqa: E402 (bench/ is on the path just above)

ARTICLE = "/blog/article-1/"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 (localhost)
            return
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    raise RuntimeError(f"no answer at {url}")


def setup(tmp):
    site_bench.setup(
        tmp, PAGE_CACHE_SECONDS="3600", PAGE_CACHE_GENERATION_FILE=str(tmp / "page-generation")
    )
    from bigdb import build  # noqa: PLC0415 (needs Django set up)

    return build(articles=int(os.environ.get("BENCH_ARTICLES", "300")))


def start_gunicorn(tmp, port, varnish_port):
    env = {**os.environ, "PAGE_CACHE_SECONDS": "3600",
           "HTTP_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/"}  # fmt: skip
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "revops_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return process


def start_varnish(tmp, port, backend_port):
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(binary).exists():
        sys.exit("varnishd is needed: apt-get install varnish varnish-modules")
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    vcl = re.sub(r'\.port = "[^"]*";', f'.port = "{backend_port}";', vcl, count=1)
    (tmp / "bench.vcl").write_text(vcl)
    process = subprocess.Popen(  # noqa: S603
        [binary, "-F", "-j", "none", "-n", str(tmp / "varnish"), "-a", f"127.0.0.1:{port}",
         "-f", str(tmp / "bench.vcl"), "-s", "malloc,64m", "-T", "none"],
        stdout=subprocess.DEVNULL, stderr=open(tmp / "varnish.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return process


def start_nginx(tmp, port, body):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        return None
    site = tmp / "nginx"
    (site / "html").mkdir(parents=True)
    (site / "html" / "article.html").write_bytes(body)
    for folder in (tmp, site, site / "html"):
        folder.chmod(0o755)  # its workers may run as another user
    (site / "nginx.conf").write_text(f"""
worker_processes auto;
pid {site}/nginx.pid;
error_log {site}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {site}/body;
    proxy_temp_path {site}/proxy;
    fastcgi_temp_path {site}/fastcgi;
    uwsgi_temp_path {site}/uwsgi;
    scgi_temp_path {site}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            root {site}/html;
            default_type "text/html; charset=utf-8";
            try_files /article.html =404;
        }}
    }}
}}
""")
    process = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(site), "-c", str(site / "nginx.conf"), "-e", str(site / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=open(tmp / "nginx.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/blog/article-1/")
    return process


def wrk(url):
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t1", "-c8", f"-d{SECONDS}s", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return rate, non_2xx


def stop(process):
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="revops-varnish-bench-"))
    sizes = setup(tmp)
    app_port, varnish_port, nginx_port = free_port(), free_port(), free_port()
    processes = []
    try:
        processes.append(start_gunicorn(tmp, app_port, varnish_port))
        processes.append(start_varnish(tmp, varnish_port, app_port))
        url = f"http://127.0.0.1:{varnish_port}{ARTICLE}"
        with urllib.request.urlopen(url) as answer:  # noqa: S310 (localhost)
            body = answer.read()
        with urllib.request.urlopen(url) as answer:  # noqa: S310
            hit = answer.headers.get("X-Varnish-Cache")
        print(f"database: {sizes}; article page {len(body) / 1024:.1f} KiB, "
              f"second request through Varnish: {hit}")  # fmt: skip
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} (1 min)")
        nginx = start_nginx(tmp, nginx_port, body)
        processes.append(nginx)
        print(f"\nwrk -t1 -c8 -d{SECONDS}s, the same bytes:")
        varnish_rate, varnish_errors = wrk(url)
        print(
            f"  Varnish (deploy/varnish.vcl)  {varnish_rate:10,.0f} req/s  non-2xx {varnish_errors}"
        )
        if nginx is None:
            print("  nginx: not installed (apt-get install nginx-light), no ratio")
            return
        nginx_rate, nginx_errors = wrk(f"http://127.0.0.1:{nginx_port}{ARTICLE}")
        print(f"  nginx, a static file          {nginx_rate:10,.0f} req/s  non-2xx {nginx_errors}")
        ratio = varnish_rate / nginx_rate
        verdict = "met" if ratio >= 0.5 else "NOT met"
        print(f"  Varnish / nginx: {ratio:.0%} (target 50 %: {verdict})")
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
