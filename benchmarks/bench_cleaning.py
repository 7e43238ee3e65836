"""Cleaning speed against document length: is every step linear?

Builds documents of growing length from shuffled sentences of the seed corpus
(with glued words, furniture and odd characters mixed in) and times
``clean_text`` on each. Linear cleaning keeps MB/s flat as documents grow.

    .venv/bin/python benchmarks/bench_cleaning.py
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from workbench.cleaning import clean_text, make_cleaner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return [s.strip() for s in re.split(r"(?<=[.!؟])\s+", text) if len(s.split()) > 3]


def make_document(pool: list[str], n_chars: int, rng: random.Random) -> str:
    parts, size = [], 0
    while size < n_chars:
        s = rng.choice(pool)
        if rng.random() < 0.05:
            s = s.replace(" ", "", 1)  # glue two words
        if rng.random() < 0.02:
            s = "الرئيسية / أخبار / " + s[:40]
        parts.append(s)
        parts.append(rng.choice([" ", " ", "\n", "\n\u00a0\n"]))
        size += len(s) + 1
    return "".join(parts)


def main() -> None:
    rng = random.Random(7)
    pool = sentences()
    cleaner = make_cleaner()
    clean_text(make_document(pool, 5_000, rng), cleaner)  # warm the caches (wordfreq list, rules)
    print(f"{'chars':>10} {'seconds':>8} {'MB/s':>6} {'us/char':>8}")
    for n in (10_000, 100_000, 1_000_000, 4_000_000):
        doc = make_document(pool, n, rng)
        t = time.perf_counter()
        clean_text(doc, cleaner)
        dt = time.perf_counter() - t
        mb = len(doc.encode("utf-8")) / 1e6
        print(f"{len(doc):>10} {dt:>8.3f} {mb / dt:>6.2f} {dt / len(doc) * 1e6:>8.3f}")


if __name__ == "__main__":
    main()
