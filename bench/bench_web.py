"""Web benchmark: the hot pages against a floor view, in process and under load.

1. In process (Django's test client, DEBUG off): the section page, an HTMX autosave, results and the
   dashboard, each as a ratio of the floor (a minimal logged-in view through the same middleware),
   measured round-robin in the same loop so that the machine's load hits both alike.
2. Under load: gunicorn serving the same database, wrk with 50 connections for a bounded time,
   first against the floor, then a loop of section GETs and autosave POSTs by 50 users.
3. Peak memory (VmHWM) of the gunicorn web workers.

    .venv/bin/python bench/bench_web.py [--rounds 40] [--seconds 25] [--no-load] [--no-freeze]

SQLite by default; PostgreSQL when DATABASE_URL is set (a throwaway `<name>_bench` database).
"""

import argparse
import gc
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import environment  # noqa: E402

HERE = Path(__file__).resolve().parent
USERS = 50


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_pages():
    """The requests to measure: (name, method, path, data) for one owner's assessments."""
    from django.urls import reverse

    from assessments.models import AnswerChange
    from assessments.services import scoring as scoring_services
    from assessments.services.questionnaire import load_questionnaire
    from bench.bench_scoring import build_assessment
    from tests.factories import UserFactory

    owner = UserFactory()
    draft, _role = build_assessment(owner=owner, name="Draft")
    done, _role = build_assessment(owner=owner, name="Submitted")
    done.status = "submitted"
    done.save(update_fields=["status"])
    scoring_services.score_assessment(assessment_id=done.pk)
    questionnaire = load_questionnaire(draft)
    section = max(questionnaire.sections, key=lambda s: len(s.items))
    item = next(i for i in section.items if i.options)
    options = [o.code for o in item.options]
    autosave = reverse("assessments:answer", args=[draft.pk, item.question.code])
    field = f"{item.question.code}-value"

    # a long-lived draft: ~5,000 saved changes spread over its answers
    history, _role = build_assessment(owner=UserFactory(), name="History")
    changes = []
    for answer in history.answers.all():
        changes += [
            AnswerChange(answer=answer, changed_by=answer.updated_by, old={"value": "x"}, new={"value": "y"})
            for _ in range(30)
        ]
    AnswerChange.objects.bulk_create(changes)
    history_owner = history.organisation.memberships.first().user
    history_section = max(load_questionnaire(history).sections, key=lambda s: len(s.items))

    # a user of 10 organisations with 3 assessments each
    busy = UserFactory()
    for n in range(10):
        for role in ("developer", "provider", "user"):
            if role == "developer":
                a, _ = build_assessment(owner=busy, role=role, answered=False, name=f"Busy {n}")
            else:
                from assessments.services import assessments as services

                services.start_assessment(
                    system=a.system, role_code=role, version=a.guideline_version, by=busy
                )

    flip = iter(range(10**9))
    return owner, [
        (f"section GET ({len(section.items)} questions)", owner, "get",
         reverse("assessments:section", args=[draft.pk, section.dimension.code]), None),
        ("answer autosave POST (HTMX)", owner, "post", autosave,
         lambda: {field: options[next(flip) % 2]}),
        ("results GET", owner, "get", reverse("assessments:results", args=[done.pk]), None),
        ("dashboard GET (2 assessments)", owner, "get", reverse("assessments:dashboard"), None),
        ("dashboard GET (10 organisations, 30)", busy, "get", reverse("assessments:dashboard"), None),
        ("section GET, ~5,000 history rows", history_owner, "get",
         reverse("assessments:section", args=[history.pk, history_section.dimension.code]), None),
    ]  # fmt: skip


def in_process(rounds: int, freeze: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    _owner, pages = build_pages()
    if freeze:  # as gunicorn.conf.py does after start-up: collections skip what was loaded
        gc.collect()
        gc.freeze()
    clients = {}
    for _name, user, *_rest in pages:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
    floors: list[tuple[float, float]] = []
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, *_rest in pages}
    queries = {}

    def request(client, method, path, data) -> tuple[float, float]:
        """(wall seconds, CPU seconds of this process): on a shared machine the CPU time is what
        the page itself costs; the wall time includes waiting for the CPU and the database."""
        headers = {"HX-Request": "true"} if method == "post" else {}
        wall, cpu = time.perf_counter(), time.process_time()
        response = getattr(client, method)(path, data() if data else None, headers=headers)
        measured = time.perf_counter() - wall, time.process_time() - cpu
        assert response.status_code == 200, (path, response.status_code)
        return measured

    for n in range(rounds + 3):  # three warm-up rounds
        for client in clients.values():
            measured = request(client, "get", "/bench/floor/", None)
            if n >= 3:
                floors.append(measured)
        for name, user, method, path, data in pages:
            with CaptureQueriesContext(connection) as captured:
                measured = request(clients[user.pk], method, path, data)
            queries[name] = len(captured.captured_queries)
            if n >= 3:
                samples[name].append(measured)
    frozen = "gc frozen after set-up" if freeze else "gc not frozen"
    print(
        f"in process, {connection.vendor}, DEBUG off, {frozen}, {rounds} rounds, {environment.load_average()}"
    )
    print(f"{'request':<40} {'median':>8} {'x floor':>8} {'p95':>8} {'CPU':>8} {'x floor':>8} {'SQL':>4}")
    wall_floor = statistics.median(w for w, _c in floors)
    cpu_floor = statistics.median(c for _w, c in floors)
    for name, values in [("floor: minimal view, same middleware", floors), *samples.items()]:
        wall, cpu = statistics.median(w for w, _c in values), statistics.median(c for _w, c in values)
        p95 = percentile([w for w, _c in values], 0.95)
        print(f"{name:<40} {wall * 1000:6.2f}ms {wall / wall_floor:8.1f} {p95 * 1000:6.1f}ms "
              f"{cpu * 1000:6.2f}ms {cpu / cpu_floor:8.1f} {queries.get(name, ''):>4}")  # fmt: skip


# ---------------------------------------------------------------- under load


def load_users() -> list[dict]:
    """USERS people, each with a triaged draft of their own: their section page and one autosave."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from assessments.services.questionnaire import load_questionnaire
    from bench.bench_scoring import build_assessment
    from tests.factories import UserFactory

    users = []
    for n in range(USERS):
        user = UserFactory()
        assessment, _role = build_assessment(owner=user, answered=False, name=f"Load {n}")
        section = max(load_questionnaire(assessment).sections, key=lambda s: len(s.items))
        item = next(i for i in section.items if i.options)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = get_random_string(32)
        users.append(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
                f"{settings.CSRF_COOKIE_NAME}={csrf}",
                "csrf": csrf,
                "section": reverse("assessments:section", args=[assessment.pk, section.dimension.code]),
                "answer": reverse("assessments:answer", args=[assessment.pk, item.question.code]),
                "field": f"{item.question.code}-value",
                "options": [o.code for o in item.options][:2],
            }
        )
    return users


def _free_port() -> int:
    return int(os.environ.get("BENCH_PORT", "8140"))


def _start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    config = HERE.parent / "gunicorn.conf.py"
    command = [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application",
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    if config.exists():
        command += ["--config", str(config)]
    else:
        command += ["--workers", "2"]
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        command, cwd=HERE.parent, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _workers(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def _memory_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _wrk(port: int, users_file: Path, mode: str, seconds: int) -> dict:
    result = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-t2", f"-c{USERS}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(HERE / "load.lua"), f"http://127.0.0.1:{port}", "--", str(users_file), mode],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def under_load(env: dict, seconds: int) -> None:
    if shutil.which("wrk") is None:
        print("under load: skipped, wrk is not installed (make bench installs it)")
        return
    users = load_users()
    from django.db import connections

    connections.close_all()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        for u in users:
            handle.write(
                "\t".join([u["cookie"], u["csrf"], u["section"], u["answer"], u["field"], *u["options"]])
            )
            handle.write("\n")
    users_file = Path(handle.name)
    port = _free_port()
    server = _start_gunicorn(env, port)
    try:
        workers = _workers(server.pid)
        idle = max(_memory_kb(pid, "VmRSS") for pid in workers)
        _wrk(port, users_file, "section", 3)  # warm every worker
        rows = []
        for name, mode in (("floor: minimal view, same middleware", "floor"),
                           ("section GET + autosave POST, 50 users", "mixed")):  # fmt: skip
            load = environment.load_average()
            rows.append((name, _wrk(port, users_file, mode, seconds), load))
        peak = max(_memory_kb(pid, "VmHWM") for pid in _workers(server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        users_file.unlink()
    print(f"\nunder load: gunicorn ({len(workers)} workers), wrk {USERS} connections, {seconds} s each")
    print(f"{'loop':<40} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>6}")
    for name, r, load in rows:
        print(f"{name:<40} {r['rps']:7.1f} {r['p50'] / 1000:6.1f}ms {r['p95'] / 1000:6.1f}ms "
              f"{r['p99'] / 1000:6.1f}ms {r['errors']:>6}   {load}")  # fmt: skip
    print(f"web worker memory: {idle / 1024:.0f} MB after start, peak {peak / 1024:.0f} MB under load")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=25)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-freeze", action="store_true", help="measure without gc.freeze()")
    args = parser.parse_args()
    env = environment.setup()
    try:
        in_process(args.rounds, freeze=not args.no_freeze)
        if not args.no_load:
            under_load(env, args.seconds)
    finally:
        environment.teardown()


if __name__ == "__main__":
    main()
