"""Write a plans directory of a given size, the same every time: plans x activities x records.

    python benchmarks/generate.py /tmp/bench --plans 20 --activities 100 --records 20000

Every file validates: the benchmarks time real work, not error paths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import tomli_w

AREAS = (
    "terrorism",
    "cybercrime",
    "illicit_drug_trafficking",
    "trafficking_in_persons",
    "sea_piracy",
)
STATUSES = ("planned", "ongoing", "ongoing", "ongoing", "completed", "suspended", "cancelled")


def plan_data(index: int, activities: int) -> dict[str, Any]:
    start = dt.date(2020, 1, 1)
    end = dt.date(2029, 12, 31)
    per_area = max(activities // len(AREAS), 1)
    areas = []
    for a, somtc in enumerate(AREAS):
        acts = []
        for n in range(per_area if a < len(AREAS) - 1 else activities - per_area * a):
            first = start + dt.timedelta(days=(n * 37) % 2500)
            acts.append(
                {
                    "id": f"A{a}.{n + 1}",
                    "title": f"Activity {n + 1} of area {a}: a workshop on cooperation",
                    "lead": ["JP"],
                    "start": first,
                    "end": first + dt.timedelta(days=365 + (n * 11) % 700),
                    "provenance": "illustrative",
                    "indicators": [
                        {
                            "id": "people-trained",
                            "title": "People trained",
                            "unit": "persons",
                            "target": 100,
                        }
                    ],
                }
            )
        areas.append(
            {
                "id": f"A{a}",
                "title": somtc.replace("_", " ").title(),
                "somtc_area": somtc,
                "provenance": "illustrative",
                "activities": acts,
            }
        )
    return {
        "format": 1,
        "plan": {
            "id": f"bench-{index:02d}-2020-2029",
            "title": f"Benchmark plan {index}",
            "partner": "JP",
            "track": "SOMTC+Japan",
            "kind": "work-plan",
            "start": start,
            "end": end,
            "status": "active",
            "sources": [{"title": "Benchmark", "url": "https://example.org/bench"}],
        },
        "meetings": [
            {
                "id": f"review-{y}",
                "title": f"Review {y}",
                "level": "senior-officials",
                "date": dt.date(y, 6, 30),
                "outcome": "reviewed",
                "provenance": "illustrative",
            }
            for y in range(2020, 2030)
        ],
        "areas": areas,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(6)  # the same directory every time
    folder: Path = args.out / "plans"
    folder.mkdir(parents=True, exist_ok=False)
    plans = [plan_data(i, args.activities) for i in range(args.plans)]
    for plan in plans:
        (folder / f"{plan['plan']['id']}.toml").write_text(tomli_w.dumps(plan))
    recorded = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(args.records):
        plan = plans[n % len(plans)]
        activity = rng.choice([x for area in plan["areas"] for x in area["activities"]])
        as_of = activity["start"] + dt.timedelta(days=rng.randrange(0, 700))
        as_of = min(as_of, dt.date(2025, 12, 31))
        status = rng.choice(STATUSES)
        record: dict[str, Any] = {
            "format": 1,
            "plan": plan["plan"]["id"],
            "activity": activity["id"],
            "as_of": max(as_of, dt.date(2020, 1, 1)),
            "status": status,
            "note": f"Benchmark record {n}: progress as reported by the lead country.",
            "provenance": "illustrative",
            "recorded_at": recorded + dt.timedelta(minutes=n),
            "indicators": {"people-trained": rng.randrange(0, 120)},
        }
        if status == "completed":
            record["percent"] = 100
            record["evidence"] = [{"title": "Report", "url": f"https://example.org/r/{n}"}]
        elif status != "planned":
            record["percent"] = rng.randrange(0, 100)
        stamp = (recorded + dt.timedelta(minutes=n)).strftime("%Y-%m-%dT%H%M%SZ")
        target = folder / "progress" / str(record["plan"]) / str(activity["id"])
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{stamp}-{n:08x}.toml").write_text(tomli_w.dumps(record))
    print(f"wrote {len(plans)} plans and {args.records} records under {folder}")


if __name__ == "__main__":
    main()
