#!/usr/bin/env python3
"""Reference review histories from py-fsrs for the Swift FSRS-6 port.

Writes Tests/CurriculumTests/Fixtures/fsrs_histories.json.

Each history is one card reviewed with `Scheduler(enable_fuzzing=False)` (all
other settings py-fsrs defaults: FSRS-6 parameters, desired retention 0.9,
learning steps 1 min / 10 min, relearning step 10 min, maximum interval 36500
days). Events use the `TIMESTAMP@RATING` form of `goldilocks srs simulate`; each
card is the scheduler's card after that review, in the JSON shape of cli.md.

Review times are whole seconds, so every `due` is whole seconds too (py-fsrs
adds a timedelta of whole minutes, 330 s for "hard" on learning step 0, or whole
days). If a due ever had microseconds, the fixture keeps the full value in an
extra `due_exact` field; `due` is then truncated to the second.

Run from the repository root: python Tools/reference/fsrs_histories.py
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

from fsrs import Card, Rating, Scheduler, State

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/CurriculumTests/Fixtures/fsrs_histories.json"

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
STATES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(ts: str) -> datetime:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def card_json(card: Card) -> dict:
    out = {
        "state": STATES[card.state],
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": iso(card.due),
    }
    if card.due.microsecond != 0:
        out["due_exact"] = card.due.isoformat().replace("+00:00", "Z")
    return out


def replay(scheduler: Scheduler, events: list[str]) -> list[dict]:
    card = Card(card_id=1, due=parse(events[0].split("@")[0]))
    cards = []
    last = None
    for ev in events:
        ts, rating = ev.split("@")
        when = parse(ts)
        assert last is None or when > last, f"times must increase: {events}"
        last = when
        card, _ = scheduler.review_card(card, RATINGS[rating], review_datetime=when)
        cards.append(card_json(card))
    return cards


# --- hand-written histories: each aims at one branch of the scheduler -------------

HAND = [
    # new card, good, good -> graduates on the last learning step
    ("graduate good good", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good",
                            "2026-01-04T09:10:00Z@good"]),
    # easy on a new card -> straight to review
    ("easy first", ["2026-01-01T09:00:00Z@easy", "2026-01-16T09:00:00Z@easy",
                    "2026-06-01T12:00:00Z@good"]),
    # hard on step 0 (interval (1m+10m)/2 = 5m30s), hard on step 1 (10m)
    ("hard on steps 0 and 1", ["2026-01-01T09:00:00Z@hard", "2026-01-01T09:05:30Z@hard",
                               "2026-01-01T09:06:00Z@good", "2026-01-01T09:16:00Z@hard",
                               "2026-01-01T09:26:00Z@good"]),
    # again in learning resets to step 0
    ("again in learning", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@again",
                           "2026-01-01T09:11:00Z@again", "2026-01-01T09:12:00Z@good",
                           "2026-01-01T09:22:00Z@good", "2026-01-03T10:00:00Z@good"]),
    # lapse: review -> again -> relearning (10m) -> good -> review
    ("lapse and relearn", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good",
                           "2026-01-04T09:10:00Z@again", "2026-01-04T09:20:00Z@good",
                           "2026-01-05T09:20:00Z@good", "2026-01-20T08:00:00Z@good"]),
    # relearning: hard on step 0 with one relearning step -> 15 min
    ("relearning hard", ["2026-01-01T09:00:00Z@easy", "2026-01-20T09:00:00Z@again",
                         "2026-01-20T09:10:00Z@hard", "2026-01-20T09:25:00Z@hard",
                         "2026-01-20T09:40:00Z@again", "2026-01-20T09:50:00Z@easy"]),
    # relearning reviewed days later (long-term stability path inside relearning)
    ("relearning late", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good",
                         "2026-01-05T09:00:00Z@again", "2026-01-08T09:00:00Z@good",
                         "2026-01-12T09:00:00Z@hard"]),
    # learning card reviewed days later (long-term path inside learning)
    ("learning late", ["2026-01-01T09:00:00Z@again", "2026-01-03T09:00:00Z@good",
                       "2026-01-06T18:30:00Z@good", "2026-01-20T09:00:00Z@hard"]),
    # same-day review of a review card (short-term stability in review state)
    ("review same day", ["2026-01-01T09:00:00Z@easy", "2026-01-01T15:00:00Z@good",
                         "2026-01-01T20:00:00Z@again", "2026-01-01T20:10:00Z@good",
                         "2026-01-02T08:00:00Z@hard"]),
    # 23h59m59s after the last review is still "same day" (timedelta.days == 0)
    ("just under a day", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good",
                          "2026-01-02T09:09:59Z@good", "2026-01-03T09:09:59Z@good",
                          "2026-01-04T09:10:00Z@good"]),
    # many easies -> long intervals
    ("good streak on time", ["2026-01-01T09:00:00Z@good"] + ["good"] * 9),
    # all again then good
    ("again streak", ["2026-01-01T09:00:00Z@again", "2026-01-01T09:01:00Z@again",
                      "2026-01-01T09:02:00Z@again", "2026-01-01T09:03:00Z@again",
                      "2026-01-01T09:04:00Z@good", "2026-01-01T09:14:00Z@good",
                      "2026-01-02T09:14:00Z@again", "2026-01-02T09:24:00Z@again",
                      "2026-01-02T09:34:00Z@good"]),
    # very late review (years) -> low retrievability
    ("years late", ["2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good",
                    "2028-06-01T09:00:00Z@good", "2031-01-01T00:00:00Z@again",
                    "2031-01-01T00:10:00Z@good"]),
    # max interval: huge easy streak pushes toward the 36500-day cap
    ("toward max interval", ["2026-01-01T09:00:00Z@easy"] + ["easy"] * 11),
]


def fill_on_time(scheduler: Scheduler, first: str, n_more: int, rating: str) -> list[str]:
    """Review each time exactly when due with the same rating."""
    events = [first]
    card = Card(card_id=1, due=parse(first.split("@")[0]))
    card, _ = scheduler.review_card(card, RATINGS[first.split("@")[1]], review_datetime=parse(first.split("@")[0]))
    for _ in range(n_more):
        when = card.due
        events.append(f"{iso(when)}@{rating}")
        card, _ = scheduler.review_card(card, RATINGS[rating], review_datetime=when)
    return events


def random_history(scheduler: Scheduler, rng: random.Random, start: datetime) -> list[str]:
    """Random ratings at times early / on time / late relative to each due."""
    n = rng.randint(3, 12)
    weights = [("again", 0.15), ("hard", 0.2), ("good", 0.45), ("easy", 0.2)]
    names = [w[0] for w in weights]
    probs = [w[1] for w in weights]
    card = Card(card_id=1, due=start)
    when = start
    events = []
    for i in range(n):
        if i > 0:
            gap = (card.due - card.last_review).total_seconds()
            mode = rng.choice(["early", "on_time", "late", "late"])
            if mode == "early":
                secs = gap * rng.uniform(0.2, 0.95)
            elif mode == "on_time":
                secs = gap
            else:
                secs = gap * rng.uniform(1.0, 3.0) + rng.randint(0, 86400 * 2)
            secs = max(1, int(round(secs)))
            when = card.last_review + timedelta(seconds=secs)
        rating = rng.choices(names, probs)[0]
        events.append(f"{iso(when)}@{rating}")
        card, _ = scheduler.review_card(card, RATINGS[rating], review_datetime=when)
    return events


def main() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    histories = []
    for name, events in HAND:
        if "@" not in events[-1]:  # [first event] + [rating] * n: review on time
            events = fill_on_time(scheduler, events[0], len(events) - 1, events[-1])
        histories.append({"name": name, "events": events, "cards": replay(scheduler, events)})

    rng = random.Random(20260101)
    for i in range(20):
        start = datetime(2026, 1, 1, 9, 0, 0, tzinfo=timezone.utc) + timedelta(days=i, minutes=7 * i)
        events = random_history(scheduler, rng, start)
        histories.append({"name": f"random {i + 1}", "events": events, "cards": replay(scheduler, events)})

    doc = {
        "generator": "Tools/reference/fsrs_histories.py",
        "fsrs_version": version("fsrs"),
        "scheduler": {k: v for k, v in scheduler.to_dict().items()},
        "parameters": list(scheduler.parameters),
        "notes": "Scheduler(enable_fuzzing=False); learning/relearning steps in seconds in `scheduler`. "
                 "All review times are whole seconds, so every due is whole seconds; a `due_exact` "
                 "field would carry microseconds if py-fsrs ever produced them (none here).",
        "histories": histories,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    n_events = sum(len(h["events"]) for h in histories)
    print(f"wrote {OUT} ({len(histories)} histories, {n_events} events)")


if __name__ == "__main__":
    main()
