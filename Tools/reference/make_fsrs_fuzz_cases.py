#!/usr/bin/env python3
"""Reference fuzz cases from py-fsrs for the Swift FSRS-6 port's tests.

py-fsrs draws its fuzz with `random()` (uniform in [0, 1)). This script replaces that
function with fixed values and prints, for each (interval in days, random value), the
fuzzed interval `Scheduler()._get_fuzzed_interval` returns, as Swift tuple literals
`(days, unit, fuzzed)` for `Tests/CurriculumTests/Scheduling/ReviewSchedulerFuzzTests.swift`.
It also prints one fuzzed review history (steady random value 0.73).

Run with py-fsrs installed: python Tools/reference/make_fsrs_fuzz_cases.py
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from importlib.metadata import version

import fsrs.scheduler as fs
from fsrs import Card, Rating, Scheduler

DAYS = [1, 2, 3, 4, 5, 7, 8, 12, 20, 21, 33, 50, 100, 365, 1000, 36499, 36500]
UNITS = [0.0, 0.1, 0.25, 0.5, 0.73, 0.9, 0.999999]


def main() -> None:
    print(f"// py-fsrs {version('fsrs')}")
    scheduler = Scheduler()
    rows = []
    for days in DAYS:
        for unit in UNITS:
            fs.random = lambda unit=unit: unit
            fuzzed = scheduler._get_fuzzed_interval(interval=timedelta(days=days)).days
            rows.append(f"({days}, {unit!r}, {fuzzed})")
    for i in range(0, len(rows), 4):
        print("    " + ", ".join(rows[i:i + 4]) + ",")

    fs.random = lambda: 0.73
    card = Card(card_id=1, due=datetime(2026, 1, 1, 9, tzinfo=timezone.utc))
    when = card.due
    for rating in [Rating.Good, Rating.Good, Rating.Good, Rating.Easy, Rating.Good,
                   Rating.Again, Rating.Good, Rating.Good]:
        card, _ = scheduler.review_card(card, rating, review_datetime=when)
        print(f"    // {when.isoformat()} {rating.name} -> {card.state.name} due {card.due.isoformat()}")
        when = card.due


if __name__ == "__main__":
    main()
