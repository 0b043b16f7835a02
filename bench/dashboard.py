"""Time the leaders' dashboard on the demo city (every module's demo data).

    uv run python bench/dashboard.py                       # builds the demo into a temporary SQLite file
    uv run python bench/dashboard.py --database-url URL    # a database that already holds the demo
    uv run python bench/dashboard.py --repeat 7

For each view — the city leader's year, quarter and month, a county leader's year, and an Excel
export — it prints the best and median wall time of `--repeat` requests through Django's test client
(after one warm-up) and the SQL statements of one request. Nothing is cached between requests: the
figures are counted from the records every time. docs/benchmarks.md reports the numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="a database holding the demo (default: build one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=0, help="the year shown (default: this year)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-dash-"))
    (tmp / "var").mkdir()
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_VAR_DIR"] = str(tmp / "var")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'var' / 'demo.sqlite3'}"
    os.environ["FAZHI_DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.models import User

    if not args.database_url:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("demo", "--no-serve", verbosity=0)
        print(f"demo built in {time.perf_counter() - started:.1f} s")
    from fazhi.procedures import clock

    year = args.year or clock.today().year
    views = [
        ("city leader, year", "leader_city", f"?year={year}"),
        ("city leader, quarter", "leader_city", f"?year={year}&period=q4"),
        ("city leader, month", "leader_city", f"?year={year}&period=m11"),
        ("county leader, year", None, f"?year={year}"),
        ("city leader, export comparison", "leader_city", f"?year={year}&export=compare"),
    ]
    county_leader = User.objects.filter(username__startswith="leader_").exclude(username="leader_city").order_by(
        "username").first()
    print(f"{'view':34} {'best ms':>8} {'median ms':>10} {'queries':>8}")
    for label, username, query in views:
        user = User.objects.get(username=username) if username else county_leader
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = "/dashboard/" + query
        assert client.get(url).status_code == 200, url  # warm-up
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{label:34} {min(times):8.1f} {statistics.median(times):10.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
