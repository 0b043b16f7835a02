"""fazhi benchmarks: build a large organisation tree on an empty database, then time the hot paths.

    uv run python bench/run.py                                  # SQLite in a temporary directory
    uv run python bench/run.py --scale 0.25                     # a quarter of the tree (quick look)
    uv run python bench/run.py --database-url postgres://u:p@127.0.0.1:54480/bench   # an EMPTY database
    uv run python bench/run.py --json results.json --repeat 7
    uv run python bench/run.py --history 100000 --no-import     # plus five years of stopped deadlines

The developer's var/ is never touched: FAZHI_VAR_DIR (SQLite file, uploads, job files) is a temporary
directory removed at the end (--keep keeps it). With --database-url the database must be empty; the
benchmark migrates it and leaves about 30,000 rows behind, so give it a throwaway one.

What it does (docs/benchmarks.md explains each line of the table and why it is there):

1. migrate, then build the tree of bench/bigtree.py (scale 1: 422 regions, 2,000 units, 5,000 staff with
   roles, 3,000 deadlines) with the models' audited save(), in one transaction → rows/s.
2. time each operation `--repeat` times after one untimed warm-up (heavy ones: fewer), reporting the
   best and the median wall time (time.perf_counter) and the number of SQL statements of a timed run.
   Queries are counted with a `connection.execute_wrapper` (what CaptureQueriesContext counts, without
   its 9,000-query cap and without forcing the debug cursor, whose SQL formatting would slow the
   import down by itself). Each run starts with the user's grants forgotten, as in a new request.
3. print the table (name, rows, best ms, median ms, queries, rows/s) and, with --json, write it with
   the machine, versions and load averages.

A statement text repeated 5+ times within one page-level operation is flagged "! possible N+1" in the
note and listed at the end; per-row work (build, import, verify) is exempt, its cost per row is in the
rows/s column.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
N_PLUS_ONE_REPEATS = 5
SAVEPOINT_NAME = re.compile(r'"s\d+_x\d+"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fazhi benchmarks (see docs/benchmarks.md)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="tree size: 1 = 20 counties, 2,000 units, 5,000 staff (default 1)")
    parser.add_argument("--database-url", default="",
                        help="an EMPTY database (default: SQLite in a temporary directory)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per operation (default 5)")
    parser.add_argument("--import-rows", type=int, default=3000, help="rows of the .xlsx unit import (default 3000)")
    parser.add_argument("--history", type=int, default=0,
                        help="also add this many stopped past deadlines (bulk, unaudited): years of history")
    parser.add_argument("--no-import", action="store_true", help="skip the import benchmarks (the slowest part)")
    parser.add_argument("--json", dest="json_file", help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (SQLite file)")
    parser.add_argument("--label", default="", help="a note stored in the JSON (e.g. 'sqlite, 2 other test runs')")
    return parser.parse_args(argv)


def configure(args: argparse.Namespace, tmp: Path) -> None:
    """Environment for fazhi.settings — must run before django.setup()."""
    var = tmp / "var"
    var.mkdir()
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ["FAZHI_DEBUG"] = "0"  # production-like: no debug toolbar-ish overhead, cached templates
    os.environ["FAZHI_ALLOWED_HOSTS"] = "testserver,localhost"  # django.test.Client's host
    os.environ.setdefault("FAZHI_LOG_LEVEL", "ERROR")


# ---------------------------------------------------------------- measuring


class QueryCounter:
    """Counts statements on the default connection; remembers their texts to spot N+1 patterns."""

    def __init__(self) -> None:
        self.count = 0
        self.texts: Counter[str] = Counter()

    def reset(self) -> None:
        self.count = 0
        self.texts = Counter()

    def top(self, n: int = 10) -> list[tuple[int, str]]:
        return [(times, " ".join(sql.split())[:160]) for sql, times in self.texts.most_common(n)]

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        self.texts[SAVEPOINT_NAME.sub('"s…"', sql)] += 1  # savepoint names are unique: group them
        return execute(sql, params, many, context)


@dataclass
class Result:
    name: str
    rows: int | None
    best_ms: float
    median_ms: float
    queries: int
    queries_max: int
    runs: int
    rate: float | None = None  # rows per second (best run), for per-row work
    repeated: list[tuple[int, str]] = field(default_factory=list)  # possible N+1: (times, SQL start)
    top: list[tuple[int, str]] = field(default_factory=list)  # the most frequent statements of the last run
    note: str = ""


class Bench:
    def __init__(self, counter: QueryCounter, repeat: int) -> None:
        self.counter = counter
        self.repeat = repeat
        self.results: list[Result] = []

    def run(self, name: str, fn: Callable[[], Any], *, repeat: int | None = None, warmup: int = 1,
            setup: Callable[[], None] | None = None, per_row: bool = False, rate: bool = False,
            note: str = "") -> Result:
        """Time fn (after `setup`, untimed) `repeat` times. fn returns the number of rows it handled."""
        repeat = repeat or self.repeat
        for _ in range(warmup):
            if setup:
                setup()
            fn()
        times, queries, rows = [], [], None
        for _ in range(repeat):
            if setup:
                setup()
            gc.collect()
            self.counter.reset()
            start = time.perf_counter()
            rows = fn()
            times.append(time.perf_counter() - start)
            queries.append(self.counter.count)
        best = min(times)
        top = self.counter.top()
        repeated = [] if per_row else [(n, sql) for n, sql in top if n >= N_PLUS_ONE_REPEATS]
        result = Result(name=name, rows=rows, best_ms=best * 1000, median_ms=statistics.median(times) * 1000,
                        queries=min(queries), queries_max=max(queries), runs=repeat,
                        rate=(rows / best) if rate and rows else None, repeated=repeated, top=top, note=note)
        self.results.append(result)
        print(format_row(result), flush=True)
        return result

    def once(self, name: str, fn: Callable[[], Any], *, count: Callable[[Any], int] | None = None,
             note: str | Callable[[Any], str] = "") -> Any:
        """A one-shot step (build, migrate): timed and counted once, not repeated.

        `count(out)` gives the rows written (default: fn's return value when it is an int)."""
        gc.collect()
        self.counter.reset()
        start = time.perf_counter()
        out = fn()
        elapsed = time.perf_counter() - start
        rows = count(out) if count else out if isinstance(out, int) else None
        note = note(out) if callable(note) else note
        result = Result(name=name, rows=rows, best_ms=elapsed * 1000, median_ms=elapsed * 1000,
                        queries=self.counter.count, queries_max=self.counter.count, runs=1,
                        rate=(rows / elapsed) if rows else None, top=self.counter.top(), note=note)
        self.results.append(result)
        print(format_row(result), flush=True)
        return out


HEADER = f"{'benchmark':<60} {'rows':>7} {'best ms':>10} {'median ms':>10} {'queries':>9} {'rows/s':>9}  note"


def ms(value: float) -> str:
    return f"{value:,.3f}" if value < 1 else f"{value:,.1f}"


def format_row(r: Result) -> str:
    queries = str(r.queries) if r.queries == r.queries_max else f"{r.queries}-{r.queries_max}"
    rows = "" if r.rows is None else str(r.rows)
    rate = "" if r.rate is None else f"{r.rate:,.0f}"
    flag = " ! possible N+1" if r.repeated else ""
    return (f"{r.name:<60} {rows:>7} {ms(r.best_ms):>10} {ms(r.median_ms):>10} {queries:>9} {rate:>9}  "
            f"{r.note}{flag}")


# ---------------------------------------------------------------- the benchmarks


def machine_info() -> dict[str, Any]:
    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db_version = "PostgreSQL " + cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            db_version = "SQLite " + cursor.fetchone()[0]
        else:
            db_version = connection.vendor
    try:  # which code was measured (the working tree may hold uncommitted changes)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        commit += " + uncommitted changes" if dirty else ""
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "commit": commit,
        "cpu": cpu, "nproc": os.cpu_count(), "memory": mem, "platform": platform.platform(),
        "python": platform.python_version(), "django": django.__version__, "database": db_version,
        "loadavg_start": os.getloadavg(),
    }


def xlsx_units(tree, n_rows: int) -> bytes:
    """An import file of `n_rows` new units under the county governments, in the townships."""
    import io

    from openpyxl import Workbook

    from fazhi.core.models import UnitType
    from fazhi.core.validators import make_credit_code
    from fazhi.imports.registry import get_kind

    kind = get_kind("units")
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in kind.columns])
    county_gov = {g.region_id: g for g in tree.county_governments}
    types = [str(UnitType.ENTERPRISE.label), str(UnitType.OTHER.label), str(UnitType.DEPARTMENT.label)]
    for i in range(n_rows):
        township = tree.townships[i % len(tree.townships)]
        gov = county_gov[township.parent_id]
        # Half the rows name their parent, half give its credit code: both lookups are exercised.
        parent = gov.name if i % 2 else gov.credit_code
        ws.append([f"{township.name}基准导入单位{i:05d}", f"导入{i:05d}", types[i % 3], township.code, parent,
                   make_credit_code(township.code, 60_000_000 + i, "91")])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run_all(args: argparse.Namespace, bench: Bench, info: dict[str, Any]) -> None:
    import bigtree
    from django.conf import settings
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection, transaction
    from django.test import Client

    from fazhi.calendar import service as calendar
    from fazhi.core import audit
    from fazhi.core.access import SYSTEM
    from fazhi.core.models import AuditEvent, Unit
    from fazhi.core.views import UNIT_COLUMNS
    from fazhi.figures import registry
    from fazhi.imports.registry import get_kind
    from fazhi.imports.services import import_file
    from fazhi.imports.spreadsheets import read_rows
    from fazhi.procedures import clock
    from fazhi.procedures.selectors import decorate, home_context, status_counts, visible_deadlines
    from fazhi.procedures.views import PAGE_SIZE as DEADLINE_PAGE_SIZE

    if connection.introspection.table_names():
        sys.exit("The database is not empty: give --database-url an empty, throwaway database.")

    bench.once("migrate (empty database)", lambda: call_command("migrate", verbosity=0))
    events_before = AuditEvent.objects.count()

    def built(tree) -> str:
        c = tree.counts
        events = AuditEvent.objects.count() - events_before
        return f"{c['regions']} regions, {c['units']} units, {c['users']} users + roles; {events} audit events"

    tree = bench.once("build tree (regions+units+users+roles, audited)", lambda: bigtree.build_tree(args.scale),
                      count=lambda t: sum(t.counts.values()), note=built)
    c = tree.counts
    n_deadlines = bench.once("build deadlines (Deadline.objects.create)", lambda: bigtree.build_deadlines(tree))
    if args.history:
        bench.once("build history (stopped deadlines, bulk_create)", lambda: bigtree.build_history(tree, args.history),
                   note="not audited: filler")
    info["tree"] = {**c, "deadlines": n_deadlines, "history": args.history,
                    "audit_events": AuditEvent.objects.count()}

    city_coord, county_coord = tree.city_coordinator, tree.county_coordinator
    officer, legal = tree.unit_officer, tree.legal_officer
    county = tree.counties[0]

    def fresh(*users):
        def setup() -> None:
            for user in users:
                user._fazhi_grants = None  # a new request loads the grants again
        return setup

    # -- the unit list page (as fazhi.core.views.unit_list + listing.build do it) --
    def unit_page(user) -> Callable[[], int]:
        def page() -> int:
            qs = Unit.objects.visible_to(user).select_related("region", "parent").order_by("region_id", "pk")
            current = Paginator(qs, 25).get_page(1)
            rows = [[col.value(u) for col in UNIT_COLUMNS] for u in current.object_list]
            assert current.paginator.count > 0
            return len(rows)
        return page

    for label, user in (("city coordinator", city_coord), ("county coordinator", county_coord),
                        ("unit-scope enforcement officer", officer), ("unit-subtree legal officer", legal)):
        visible = Unit.objects.visible_to(user).count()
        bench.run(f"units list p1 ({label})", unit_page(user), setup=fresh(user), note=f"{visible} visible")

    # -- figures --
    start, end = registry.this_year()
    n_figures = len(registry.figures())
    groups = len({(f.model_label, f.region_path, f.unit_path) for f in registry.figures()})

    def figures(user, region) -> Callable[[], int]:
        return lambda: len(registry.compute_many(None, user=user, region=region, start=start, end=end))

    note = f"{n_figures} figures on {groups} model/path groups"
    bench.run("compute_many all figures (SYSTEM, city)", figures(SYSTEM, tree.city), note=note)
    bench.run("compute_many all figures (SYSTEM, one county)", figures(SYSTEM, county), note=note)
    bench.run("compute_many all figures (county coordinator)", figures(county_coord, county),
              setup=fresh(county_coord), note=note)

    # -- calendar --
    first, last = min(calendar.covered_years()), max(calendar.covered_years())
    a, b = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    def between() -> int:
        calendar.working_days_between(a, b)
        return 1

    bench.run(f"calendar working_days_between {first}-{last} (cold)", between, setup=calendar.clear_cache,
              note="snapshot load + every year table built")
    bench.run(f"calendar working_days_between {first}-{last} (warm)", between)
    rng = random.Random(7)
    span = (datetime.date(last, 1, 1) - a).days
    calls = [(a + datetime.timedelta(days=rng.randrange(span)), rng.randint(1, 60)) for _ in range(10_000)]

    def adds() -> int:
        for d, n in calls:
            calendar.add(d, n, "working_day")
        return len(calls)

    bench.run("calendar add(d, n, working_day) x10,000", adds, rate=True)

    # -- deadlines and the home page --
    today = clock.today()

    def deadline_page(user, status: str | None = None) -> Callable[[], int]:
        def page() -> int:
            qs = visible_deadlines(user, today)
            if status:
                qs = qs.filter(status=status)
            qs = qs.order_by("status_rank", "due_on", "pk").prefetch_related("record")
            current = Paginator(qs, DEADLINE_PAGE_SIZE).get_page(1)
            return len(decorate(current.object_list, today))
        return page

    def counts(user) -> Callable[[], int]:
        return lambda: sum(status_counts(visible_deadlines(user, today)).values())

    total_visible = visible_deadlines(city_coord, today).count()
    bench.run("deadlines p1, urgent first (city coordinator)", deadline_page(city_coord), setup=fresh(city_coord),
              note=f"{total_visible} visible")
    bench.run("deadlines p1, status=overdue (city coordinator)", deadline_page(city_coord, "overdue"),
              setup=fresh(city_coord))
    bench.run("deadline counts by status (city coordinator)", counts(city_coord), setup=fresh(city_coord))
    for label, user in (("city coordinator", city_coord), ("county coordinator", county_coord),
                        ("unit-scope officer", officer)):
        bench.run(f"home_context ({label})", lambda u=user: len(home_context(u)["deadline_items"]),
                  setup=fresh(user))

    # -- HTTP (django.test.Client, logged in; middleware, session, templates included) --
    def http(user, url: str) -> tuple[Callable[[], int], Callable[[], None]]:
        client = Client()
        client.force_login(user)
        size = {}

        def get() -> int:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} as {user.username}: HTTP {response.status_code}")
            size["bytes"] = len(response.content)
            if url.startswith("/api/"):
                return len(response.json().get("items", []))
            return None

        get()
        return get, size

    last_api_page = -(-Unit.objects.count() // settings.FAZHI["API_PAGE_SIZE"])
    pages = [
        ("city coordinator", city_coord, "/units/"),
        ("county coordinator", county_coord, "/units/"),
        ("city coordinator", city_coord, "/users/"),
        ("city coordinator", city_coord, "/regions/"),
        ("city coordinator", city_coord, f"/units/{tree.city_government.pk}/"),
        ("city coordinator", city_coord, f"/regions/{tree.city.code}/"),
        ("city coordinator", city_coord, "/units/new/"),
        ("city coordinator", city_coord, "/users/new/"),
        ("city coordinator", city_coord, "/figures/"),
        ("county coordinator", county_coord, "/figures/"),
        ("city coordinator", city_coord, "/figures/tree.units.total/records/"),
        ("city coordinator", city_coord, "/procedures/deadlines/"),
        ("county coordinator", county_coord, "/procedures/deadlines/"),
        ("city coordinator", city_coord, "/"),
        ("city coordinator", city_coord, "/api/v1/units"),
        ("city coordinator", city_coord, f"/api/v1/units?page={last_api_page}"),
        ("city coordinator", city_coord, "/api/v1/users"),
    ]
    for label, user, url in pages:
        get, size = http(user, url)
        shown = url.replace(f"page={last_api_page}", "page=last").replace(str(tree.city_government.pk), "<city gov>")
        bench.run(f"GET {shown} ({label})", get, note=f"{size['bytes'] / 1024:,.0f} KiB")

    # -- the audit chain --
    n_events = AuditEvent.objects.count()

    def verify() -> int:
        result = audit.verify()
        if not result.ok:
            raise RuntimeError(f"audit chain broken at {result.broken_id}: {result.reason}")
        return result.checked

    bench.run("audit verify (whole chain)", verify, repeat=min(3, bench.repeat), warmup=0, per_row=True, rate=True,
              note=f"{n_events} events")

    # -- import (last: the heaviest; each run is rolled back so it can be repeated) --
    if args.no_import:
        return
    kind = get_kind("units")
    data = xlsx_units(tree, args.import_rows)
    bench.run(f"import: read .xlsx ({args.import_rows} unit rows)", lambda: len(read_rows(kind, data, "units.xlsx")),
              repeat=min(3, bench.repeat), per_row=True, rate=True, note=f"{len(data) / 1024:,.0f} KiB file")

    def do_import() -> int:
        with transaction.atomic():
            result = import_file(kind=kind, data=data, file_name="units.xlsx", actor=SYSTEM)
            if not result.ok:
                raise RuntimeError("import failed: " + "; ".join(str(e) for e in result.errors[:5]))
            transaction.set_rollback(True)  # leave the database as it was, so the run can be repeated
        return result.rows

    bench.run(f"import units .xlsx ({args.import_rows} rows, SYSTEM, rolled back)", do_import,
              repeat=min(2, bench.repeat), warmup=0, per_row=True, rate=True,
              note="read + form per row + audited save")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    try:
        configure(args, tmp)
        sys.path.insert(0, str(Path(__file__).resolve().parent))  # bigtree
        import django

        django.setup()
        from django.db import connection

        counter = QueryCounter()
        bench = Bench(counter, args.repeat)
        with connection.execute_wrapper(counter):
            info = machine_info()
            info.update(scale=args.scale, repeat=args.repeat, label=args.label)
            print(f"fazhi benchmarks: {info['database']}, scale {args.scale}, best of {args.repeat}; "
                  f"{info['cpu']} ×{info['nproc']}, load {info['loadavg_start'][0]:.2f}")
            print(HEADER)
            started = time.perf_counter()
            run_all(args, bench, info)
            info["total_seconds"] = round(time.perf_counter() - started, 1)
            info["loadavg_end"] = os.getloadavg()
        print(f"total {info['total_seconds']} s, load average at end {info['loadavg_end'][0]:.2f}")
        suspects = [r for r in bench.results if r.repeated]
        for r in suspects:
            print(f"possible N+1 in {r.name!r}:")
            for n, sql in r.repeated:
                print(f"    {n}x {sql}")
        if args.json_file:
            Path(args.json_file).write_text(json.dumps(
                {"machine": info, "results": [asdict(r) for r in bench.results]}, ensure_ascii=False, indent=1))
            print(f"results written to {args.json_file}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
