#!/usr/bin/env python3
"""Builds ../handwritten.csv from part1.py … part8.py: hand-written training tickets for the shipped
models. They were written for CosmicDesk, separately from the evaluation set in tests/data (no ticket,
account or incident is shared), with the same labelling conventions (PRODUCT.md's priorities).
Each row carries weight 12: a few hundred real-language tickets beside twenty thousand generated ones."""
import csv, datetime, importlib.util, pathlib

here = pathlib.Path(__file__).parent
rows = []
for i in range(1, 9):
    spec = importlib.util.spec_from_file_location(f"part{i}", here / f"part{i}.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    rows += m.T
start = datetime.datetime(2026, 8, 1, 8, 0)
with open(here.parent / "handwritten.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["ticket_id", "customer_name", "subject", "description", "actual_priority", "channel", "timestamp", "mrr",
                "team", "category", "guardian", "opportunity", "sentiment", "weight"])
    for n, (customer, mrr, channel, subject, body, prio, team, cat, guardian, opp, sentiment) in enumerate(rows):
        ts = (start + datetime.timedelta(hours=3 * n)).strftime("%Y-%m-%d %H:%M")
        w.writerow([f"T{n + 1:03d}", customer, subject, body, prio, channel, ts, mrr, team, cat, guardian, opp, sentiment, 12])
print(len(rows), "tickets")
