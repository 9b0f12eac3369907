"""Scale benchmark: the DPO's and organisations' pages at 1,000, 10,000 and 100,000 assessments.

Seeds assessments across 10,000 organisations in realistic proportions (a fifth still drafts, the
rest submitted, sent, in review, returned or decided, each scored, with its score lines), growing
the same database from one size to the next with bulk inserts, and measures at each size, through
Django's test client with DEBUG off, the server time (median and p95 of repeated requests) and the
query count of: the review queue (first page, and a filtered and sorted page), the DPO dashboard,
an organisation's dashboard, and the results page with its sector benchmark. The DPO dashboard is
measured twice: as served (its figures kept in the cache for a few minutes) and cold (the cache
emptied before every request, so every figure is computed), which is what grows with the data.

    .venv/bin/python bench/bench_scale.py [--sizes 1000,10000,100000] [--rounds 15]

SQLite by default; PostgreSQL when DATABASE_URL is set (a throwaway `<name>_bench` database).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import environment  # noqa: E402

ORGANISATIONS = 10_000
BATCH = 5_000
# share of assessments in each status (drafts have no result)
STATUSES = [
    ("draft", 0.20),
    ("submitted", 0.15),
    ("sent_for_review", 0.10),
    ("in_review", 0.08),
    ("changes_requested", 0.05),
    ("approved", 0.32),
    ("rejected", 0.10),
]
SENT = {"sent_for_review", "in_review", "changes_requested", "approved", "rejected"}
DECIDED = {"approved", "rejected"}
COLD = "cold: "  # pages measured with the cache emptied before each request


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Seeder:
    """Grows the database to a given number of assessments, reproducibly."""

    def __init__(self):
        from guideline_content.models import GuidelineVersion, RiskTier, Role
        from guideline_content.sectors import SECTORS
        from tests.factories import UserFactory

        self.random = random.Random(12)  # noqa: S311 (reproducible data, not secrets)
        self.count = 0
        self.author = UserFactory(email="seed@example.org")
        self.reviewers = [UserFactory(email=f"reviewer{n}@dpo.example", kind="reviewer") for n in range(5)]
        self.sectors = [code for code, _label in SECTORS]
        self.versions = []
        for version in GuidelineVersion.objects.published().order_by("-published_on"):
            roles = list(Role.objects.filter(version=version))
            tiers = list(RiskTier.objects.filter(version=version))
            self.versions.append((version, roles, tiers, *self._codes(version)))

    @staticmethod
    def _codes(version):
        from guideline_content.models import Dimension, Obligation, Principle

        return (
            list(Dimension.objects.filter(version=version).values_list("code", flat=True)),
            list(Principle.objects.filter(version=version).values_list("code", flat=True)),
            list(Obligation.objects.filter(version=version).values_list("code", flat=True)),
        )

    def organisations(self) -> None:
        from assessments.models import AISystem, Organisation

        weights = [6 if code == "finance" else 1 for code in self.sectors]  # finance is the largest
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Organisation {n:05d}",
                    sector=self.random.choices(self.sectors, weights)[0],
                    size="medium",
                    contact_name="C",
                    contact_email=f"c{n}@example.org",
                )
                for n in range(ORGANISATIONS)
            ],
            batch_size=BATCH,
        )
        AISystem.objects.bulk_create(
            [
                AISystem(
                    organisation=o,
                    name=f"System of {o.name}",
                    purpose="p",
                    models_used="m",
                    providers="p",
                    users="u",
                    affected_people="a",
                    data_kinds=["personal"],
                    sector=o.sector,
                    deployment_status="production",
                )
                for o in Organisation.objects.all()
            ],
            batch_size=BATCH,
        )
        self.systems = list(AISystem.objects.values_list("pk", "organisation_id", "sector"))
        self._sector = {pk: sector for pk, _o, sector in self.systems}
        self._content = {v.pk: (d, p, o) for v, _r, _t, d, p, o in self.versions}

    def grow_to(self, size: int) -> None:
        while self.count < size:
            n = min(BATCH, size - self.count)
            self._batch(n)
            self.count += n

    def _batch(self, n: int) -> None:
        from django.utils import timezone

        from assessments import scoring
        from assessments.models import Assessment, AssessmentResult, ScoreLine

        rnd, now = self.random, timezone.now()
        statuses, weights = zip(*STATUSES, strict=True)
        made = []
        for _ in range(n):
            version, roles, tiers, *_codes = self.versions[0] if rnd.random() < 0.8 else self.versions[-1]
            system_id, organisation_id, sector = rnd.choice(self.systems)
            status = rnd.choices(statuses, weights)[0]
            sent = now - timedelta(days=rnd.uniform(0, 365)) if status in SENT else None
            rounds = rnd.choices([1, 2, 3], [70, 20, 10])[0] if sent else 0
            made.append(
                Assessment(
                    organisation_id=organisation_id,
                    system_id=system_id,
                    guideline_version=version,
                    role=rnd.choices(roles, [1 if r.code != "provider" else 2 for r in roles])[0],
                    tier=rnd.choice(tiers),
                    status=status,
                    triage_facts={},
                    created_by=self.author,
                    submitted_by=self.author if status != "draft" else None,
                    submitted_at=now - timedelta(days=400) if status != "draft" else None,
                    revision=1,
                    sent_for_review_at=sent,
                    review_round=rounds,
                    reviewer=rnd.choice(self.reviewers)
                    if status not in ("draft", "submitted", "sent_for_review")
                    else None,
                    decided_at=min(now, sent + timedelta(days=rnd.uniform(1, 60)))
                    if status in DECIDED
                    else None,
                    decided_by=self.reviewers[0] if status in DECIDED else None,
                )
            )
        made = Assessment.objects.bulk_create(made, batch_size=BATCH)
        results, lines = [], []
        for a in made:
            if a.status == "draft":
                continue
            dims, principles, obligations = self._content[a.guideline_version_id]
            base = rnd.gauss(62, 15)
            scores = {
                code: Decimal(max(0, min(100, base + rnd.gauss(0, 12)))).quantize(Decimal("0.1"))
                for code in dims + principles
            }
            overall = Decimal(max(0, min(100, base))).quantize(Decimal("0.1"))
            results.append(
                AssessmentResult(
                    assessment=a, revision=1, method_version=scoring.METHOD_VERSION, tier=a.tier.code,
                    overall=overall, rating="partly_aligned", uncapped_rating="partly_aligned", detail={},
                )
            )  # fmt: skip
            common = {
                "assessment_id": a.pk, "organisation_id": a.organisation_id,
                "guideline_version_id": a.guideline_version_id, "role_id": a.role_id, "tier_id": a.tier_id,
                "sector": self._sector[a.system_id], "status": a.status, "sent_at": a.sent_for_review_at,
            }  # fmt: skip
            lines += [ScoreLine(**common, kind="dimension", code=c, score=scores[c]) for c in dims]
            lines += [ScoreLine(**common, kind="principle", code=c, score=scores[c]) for c in principles]
            lines += [
                ScoreLine(**common, kind="gap", code=c, score=Decimal(rnd.randint(0, 49)))
                for c in rnd.sample(obligations, k=min(len(obligations), rnd.randint(0, 6)))
            ]
        AssessmentResult.objects.bulk_create(results, batch_size=BATCH)
        ScoreLine.objects.bulk_create(lines, batch_size=BATCH)


def build_pages():
    """The people and pages to measure: (name, user, path)."""
    from django.urls import reverse

    from assessments.services import review
    from assessments.services import scoring as scoring_services
    from bench.bench_scoring import build_assessment
    from tests.conftest import with_totp
    from tests.factories import UserFactory

    admin = with_totp(UserFactory(email="admin@dpo.example", kind="dpo_admin"))  # noqa: S106
    owner = UserFactory()
    done, _role = build_assessment(owner=owner, role="provider", name="Measured")
    done.status = "submitted"
    done.save(update_fields=["status"])
    scoring_services.score_assessment(assessment_id=done.pk)
    review.send_for_review(assessment=done, by=owner)
    filtered = "?status=&sector=finance&role=provider"
    return [
        ("review queue, first page", admin, reverse("reviews:queue")),
        ("review queue, filtered", admin, reverse("reviews:queue") + filtered),
        # sorting by score orders every matching row by its result's score: it grows with them
        ("review queue, filtered, by score", admin, reverse("reviews:queue") + filtered + "&sort=score_low"),
        ("DPO dashboard (cached figures)", admin, reverse("reviews:dashboard")),
        (COLD + "DPO dashboard", admin, reverse("reviews:dashboard")),
        (
            COLD + "DPO dashboard, filtered",
            admin,
            reverse("reviews:dashboard") + "?sector=finance&role=provider",
        ),
        ("organisation dashboard", owner, reverse("assessments:dashboard")),
        ("results + sector benchmark", owner, reverse("assessments:results", args=[done.pk])),
    ]


def measure(pages, rounds: int) -> dict[str, tuple[float, float, int]]:
    """(median ms, p95 ms, queries) of each page, measured round-robin after two warm-up rounds."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for _name, user, _path in pages:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
    samples: dict[str, list[float]] = {name: [] for name, _u, _p in pages}
    queries = {}
    # the cold pages last, so that emptying the cache for them never makes a cached page cold
    for group in (
        [p for p in pages if not p[0].startswith(COLD)],
        [p for p in pages if p[0].startswith(COLD)],
    ):
        for n in range(rounds + 2):
            for name, user, path in group:
                if name.startswith(COLD):
                    cache.clear()
                start = time.perf_counter()
                response = clients[user.pk].get(path)
                elapsed = time.perf_counter() - start
                assert response.status_code == 200, (path, response.status_code)
                if n >= 2:
                    samples[name].append(elapsed * 1000)
    for name, user, path in pages:
        clients[user.pk].get(path)  # a cached page is counted as served, with its figures cached
        if name.startswith(COLD):
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            clients[user.pk].get(path)
        queries[name] = len(captured.captured_queries)
    return {
        name: (statistics.median(values), percentile(values, 0.95), queries[name])
        for name, values in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    environment.setup()
    from django.db import connection

    try:
        seeder = Seeder()
        started = time.perf_counter()
        seeder.organisations()
        pages = build_pages()
        print(f"# bench_scale on {connection.vendor}; {ORGANISATIONS:,} organisations")
        table: dict[int, dict] = {}
        for size in sizes:
            seeded = time.perf_counter()
            seeder.grow_to(size)
            with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
                cursor.execute("ANALYZE")
            print(
                f"seeded {size:,} assessments in {time.perf_counter() - seeded:.0f} s "
                f"({environment.load_average()})"
            )
            table[size] = measure(pages, args.rounds)
        print()
        header = f"{'page':36}" + "".join(f" | {f'{s:,}':>22}" for s in sizes) + f" | {'ratio':>5}"
        print(header)
        print(f"{'':36}" + "".join(f" | {'median/p95 ms, queries':>22}" for _s in sizes) + " |")
        for name, _user, _path in pages:
            cells = "".join(
                f" | {f'{table[s][name][0]:.1f}/{table[s][name][1]:.1f}, {table[s][name][2]}q':>22}"
                for s in sizes
            )
            ratio = table[sizes[-1]][name][0] / table[sizes[0]][name][0]
            print(f"{name:36}{cells} | {ratio:5.2f}")
        print(f"\n(ratio: median at {sizes[-1]:,} / median at {sizes[0]:,}; {environment.load_average()}; "
              f"total {time.perf_counter() - started:.0f} s)")  # fmt: skip
    finally:
        environment.teardown()


if __name__ == "__main__":
    main()
