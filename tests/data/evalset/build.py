#!/usr/bin/env python3
"""Builds ../eval_tickets.csv from the hand-written parts (part1.py … part9.py).

The tickets were written for CosmicDesk's evaluation, independently of the demo generator's
templates: varied wording, English, French, German and Spanish, and traps for negation, tense,
technical senses and tone. Labels follow PRODUCT.md's priority definitions.
"""
import csv, datetime, importlib.util, pathlib

here = pathlib.Path(__file__).parent
# Parts 1-5 are the development set (looked at while tuning the profile); parts 6-9 are held out
# and only measured. eval_tickets.csv holds all of them; the two subsets are written beside it.
HEADER = ["ticket_id", "customer_name", "subject", "description", "actual_priority", "channel", "timestamp", "mrr",
          "team", "category", "guardian", "opportunity", "sentiment"]
start = datetime.datetime(2026, 10, 1, 8, 0)
rows = []
for i in range(1, 10):
    spec = importlib.util.spec_from_file_location(f"part{i}", here / f"part{i}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for t in module.T:
        n = len(rows)
        customer, mrr, channel, subject, body, prio, team, cat, guardian, opp, sentiment = t
        ts = (start + datetime.timedelta(hours=2 * n)).strftime("%Y-%m-%d %H:%M")
        rows.append((i, [f"E{n + 1:03d}", customer, subject, body, prio, channel, ts, mrr, team, cat, guardian, opp, sentiment]))
for name, keep in [("eval_tickets.csv", lambda p: True), ("eval_dev.csv", lambda p: p <= 5), ("eval_holdout.csv", lambda p: p > 5)]:
    with open(here.parent / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for part, r in rows:
            if keep(part):
                w.writerow(r)
print(len(rows), "tickets")
