"""Scale benchmark: the whole pipeline on corpora of growing size, and the peers on the same data.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1,10,100,1000,20000] [--workers 2] [--runs 2]

1. Builds corpora of 1x, 10x, ... the five seed articles (5 documents each x),
   each document as long as a seed article (its number of sentences drawn
   from the seeds'): documents are new mixes of seed sentences in random order, with entity
   spellings varied (aliases swapped for other aliases of the same entity),
   some words glued, page furniture and no-break-space lines added, so no two
   documents are alike.
2. Runs ``run_pipeline`` (load, clean, entities, themes, rounds, dates; Parquet
   output) on each with all cores, ``--runs`` times one after the other (the first right after the
   corpus is written), and reports every run's time, documents/s and MB/s of the fastest, and peak
   memory (proportional set size of the main process and its workers, sampled).
3. Times each stage alone on one core (MB/s per core), after the set-up each worker does once
   (the cleaner and the matchers with their compiled cores), which is timed on its own.
4. Runs the peers on the same cleaned texts with the same aliases (the names of
   the lexicon; the workbench's matcher is built without the demonyms for this): spaCy
   (``spacy.blank("ar")`` + ``PhraseMatcher``) and flashtext (``KeywordProcessor``
   with Arabic letters as word characters), each giving its mentions in the form of
   its own API, and scores them and the workbench on the hand-labelled gold (seed
   gold + held-out texts), names only.

Results go to stdout and ``benchmarks/results.json``, with the commit measured; the run that was
there before moves to ``earlier_runs`` (the last three are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

import workbench as wb
from workbench.batch import run_pipeline
from workbench.lexicon import alias_table, load_lexicon

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TESTS = ROOT / "tests" / "data"


# --------------------------------------------------------------------------- corpus

def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!؟])\s+|\n+", text) if len(s.split()) >= 4]


def seed_sentences() -> list[str]:
    return _sentences("\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))


def seed_lengths() -> list[int]:
    """Sentences per seed article: generated articles are as long as real ones."""
    return [len(_sentences(p.read_text(encoding="utf-8"))) for p in sorted(SEEDS.glob("*.txt"))]


def variant_table() -> list[tuple[re.Pattern, list[str]]]:
    """For entities with several names, a pattern of their aliases and the aliases to swap in."""
    aliases = alias_table(load_lexicon())
    names = aliases[aliases["kind"] == "name"].groupby("entity_id")["alias"].apply(list)
    out = []
    for forms in names:
        forms = [f for f in forms if len(f) >= 4]
        if len(forms) >= 2:
            out.append((re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))), forms))
    return out


def make_document(rng: random.Random, pool: list[str], variants, lengths: list[int]) -> str:
    sentences = []
    for _ in range(max(3, rng.choice(lengths) + rng.randint(-3, 3))):
        s = rng.choice(pool)
        for pattern, forms in rng.sample(variants, 3):
            s = pattern.sub(lambda m: rng.choice(forms), s)
        if rng.random() < 0.04:
            s = s.replace(" ", "", 1)
        sentences.append(s)
    body = ""
    for s in sentences:
        body += s + rng.choice([" ", " ", " ", "\n", "\n\u00a0\n"])
    head = ""
    if rng.random() < 0.3:
        head = "الرئيسية / أخبار / " + sentences[0][:50] + "\nexample-news\n"
    tail = "\nالمصدر: وكالة سانا" if rng.random() < 0.2 else ""
    return head + body + tail


def build_corpus(folder: Path, n_docs: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    pool, variants, lengths = seed_sentences(), variant_table(), seed_lengths()
    size = 0
    for i in range(n_docs):
        sub = folder / f"part{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = make_document(rng, pool, variants, lengths).encode("utf-8")
        (sub / f"doc{i:07d}.txt").write_bytes(data)
        size += len(data)
    return size


# --------------------------------------------------------------------------- measuring

class PeakMemory:
    """Samples the memory of this process and its children: proportional set size (PSS), so pages that
    forked workers share with the parent are counted once.

    Reading PSS costs about 6 ms of CPU per process (the kernel walks its pages): sampled every 0.1 s,
    three processes took a fifth of a core from the run being measured; every 0.5 s, a twenty-fifth.
    Memory grows with the chunks in flight, not in spikes, so the peak is still seen."""

    def __init__(self, interval: float = 0.5):
        import psutil

        self.process, self.interval, self.peak, self._stop = psutil.Process(), interval, 0, False

    def _sample(self) -> int:
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_full_info().pss
            except Exception:
                pass
        return total

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop:
            self.peak = max(self.peak, self._sample())
            time.sleep(self.interval)

    def __exit__(self, *exc):
        self._stop = True
        self._thread.join()


def bench_pipeline(sizes: list[int], workers: int, work: Path, runs: int = 2) -> list[dict]:
    """Each size ``runs`` times on the same corpus, one run after the other; the row gives the fastest
    (``seconds``, and the rates from it), every run's time (``runs_seconds``) and the highest peak memory.

    The first run starts right after the corpus is written; on the project's machine the runs of the first
    minute after writing 0.4-0.65 GB of small files were 10-15% slower than later ones on the same files
    (timed every 10,000 documents), although the system showed no work of its own: a researcher's corpus
    is usually on disk long before the run, which the later runs are closer to."""
    rows = []
    for factor in sizes:
        n_docs = 5 * factor
        corpus = work / f"corpus_{factor}x"
        nbytes = build_corpus(corpus, n_docs, seed=factor)
        # the corpus just written goes to disk before the clock starts: a researcher's corpus is on disk already,
        # and the kernel would otherwise write it out in the middle of the run (30 s after it was written)
        os.sync()
        out = work / f"out_{factor}x"
        times, peak = [], 0
        for _ in range(runs):
            with PeakMemory() as mem:
                t = time.perf_counter()
                run_pipeline(corpus, out_dir=out, workers=workers, chunk_size=200, progress=False)
                times.append(time.perf_counter() - t)
            peak = max(peak, mem.peak)
            shutil.rmtree(out)
        dt = min(times)
        row = {"factor": factor, "documents": n_docs, "MB": round(nbytes / 1e6, 2), "seconds": round(dt, 2),
               "runs_seconds": [round(x, 2) for x in times], "docs_per_s": round(n_docs / dt, 1),
               "MB_per_s": round(nbytes / 1e6 / dt, 2), "peak_memory_MB": round(peak / 1e6)}
        print("pipeline", row, flush=True)
        row["peak_memory_note"] = "PSS of the main process and its workers, sampled every 0.5 s"
        rows.append(row)
        if factor != max(sizes):
            shutil.rmtree(corpus)
    return rows


def bench_stages(corpus_dir: Path, max_docs: int = 2000) -> tuple[list[dict], pd.DataFrame]:
    from workbench.cleaning import make_cleaner
    from workbench.dates import extract_dates
    from workbench.entities import build_matcher, extract_entities
    from workbench.loading import iter_inputs
    from workbench.rounds import assign_rounds, round_anchors
    from workbench.themes import build_theme_matcher, extract_themes

    files = sorted(corpus_dir.rglob("*.txt"))[:max_docs]
    raw = [f.read_bytes() for f in files]
    nbytes = sum(len(r) for r in raw)
    t = time.perf_counter()
    cleaner, matcher, themes = make_cleaner(), build_matcher(), build_theme_matcher()
    matcher.core(), themes.core()  # built on first use, once per worker: not part of any stage below
    timings = [{"stage": "set-up (once per worker: cleaner, entity and theme matchers)",
                "seconds": round(time.perf_counter() - t, 3)}]
    print("stage", timings[-1], flush=True)

    def stage(name, fn, runs=3, before=None):
        """The fastest of ``runs`` runs of ``fn`` (as for the peers; every run's time is kept), each after
        ``before`` (untimed)."""
        times = []
        for _ in range(runs):
            if before is not None:
                before()
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        dt = min(times)
        timings.append({"stage": name, "seconds": round(dt, 3), "runs_seconds": [round(x, 3) for x in times],
                        "MB_per_s_per_core": round(nbytes / 1e6 / dt, 2), "docs_per_s": round(len(raw) / dt, 1)})
        print("stage", timings[-1], flush=True)
        return result

    def fresh_cleaner():  # each run of the clean stage judges the words its glued-word model meets for the first time
        nonlocal cleaner
        cleaner = make_cleaner()

    items = stage("read + decode", lambda: [it for f in files for it in iter_inputs(f)])
    cleaned = stage("clean", lambda: [wb.clean_text(it.raw_text, cleaner).text for it in items], before=fresh_cleaner)
    docs = pd.DataFrame({"doc_id": [f.stem for f in files], "text": cleaned, "title": "", "date": "",
                         "n_words": [len(t.split()) for t in cleaned]})
    stage("entities", lambda: extract_entities(docs, matcher=matcher))
    stage("themes", lambda: extract_themes(docs, themes))
    stage("rounds + dates", lambda: extract_dates(docs, round_anchors(docs, assign_rounds(docs)[0])))
    both = sum(t["seconds"] for t in timings if t["stage"] in ("clean", "entities"))
    timings.append({"stage": "clean + entities", "seconds": round(both, 3),
                    "MB_per_s_per_core": round(nbytes / 1e6 / both, 2), "docs_per_s": round(len(raw) / both, 1)})
    print("stage", timings[-1], flush=True)
    return timings, docs


# --------------------------------------------------------------------------- peers

def gold_sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = wb.load_corpus(SEEDS)[["doc_id", "text"]]
    gold = pd.read_csv(TESTS / "gold_entities.csv", keep_default_na=False)
    held = pd.read_json(TESTS / "heldout_texts.jsonl", lines=True, dtype=False)[["doc_id", "text"]]
    held_gold = pd.read_csv(TESTS / "heldout_gold.csv", keep_default_na=False)
    texts = pd.concat([corpus, held], ignore_index=True)
    gold = pd.concat([gold, held_gold], ignore_index=True)
    return texts, gold[gold["kind"] == "name"]


def name_aliases() -> list[tuple[str, str]]:
    aliases = alias_table(load_lexicon())
    return list(aliases.loc[aliases["kind"] == "name", ["alias", "entity_id"]].itertuples(index=False, name=None))


# Each matcher's ``find`` returns, for each text, the mentions in the form its own API gives them (what a
# program built on it would take), and ``triples`` reads that form as (start, end, entity_id) for the
# scoring, outside the timing.

def spacy_matcher():
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("ar")
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_entity: dict[str, list] = {}
    for alias, entity_id in name_aliases():
        by_entity.setdefault(entity_id, []).append(nlp.make_doc(alias))
    for entity_id, patterns in by_entity.items():
        matcher.add(entity_id, patterns)

    def find(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for doc in nlp.pipe(texts, batch_size=64):
            spans = [(doc[s:e].start_char, doc[s:e].end_char, nlp.vocab.strings[m]) for m, s, e in matcher(doc)]
            out.append(_longest(spans))
        return out
    return find, lambda found: found


def flashtext_matcher():
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=True)
    kp.non_word_boundaries = set(kp.non_word_boundaries) | {chr(c) for c in range(0x0621, 0x0670)}
    for alias, entity_id in name_aliases():
        kp.add_keyword(alias, entity_id)

    def find(texts: list[str]) -> list[list[tuple[str, int, int]]]:
        return [kp.extract_keywords(t, span_info=True) for t in texts]
    return find, lambda found: [(s, e, k) for k, s, e in found]


def workbench_matcher(engine: str = "compiled"):
    """The workbench's matcher on the peers' aliases (names, no demonyms): its compiled core, which gives
    the mentions of a text as columns (``EntityMatcher.span_columns``, what the entity table is built
    from), or (``engine="python"``) the pure-Python reference."""
    from workbench.entities import build_matcher

    matcher = build_matcher(load_lexicon().assign(demonyms=""))
    if engine == "compiled" and matcher.core() is None:
        raise SystemExit("the compiled matcher core is not built (see README, 'The compiled core')")
    columns = matcher.span_columns if engine == "compiled" else matcher.python_spans

    def find(texts: list[str]) -> list:
        return [columns(t) for t in texts]

    def triples(found) -> list[tuple[int, int, str]]:
        if engine != "compiled":
            return [(name_start, end, entity_id) for _, end, name_start, entity_id, _ in found]
        _, ends, name_starts, ids, _ = found
        return list(zip(name_starts, ends, ids))
    return find, triples


def _longest(spans):
    out, taken = [], []
    for s, e, k in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if not any(s < b and a < e for a, b in taken):
            taken.append((s, e))
            out.append((s, e, k))
    return sorted(out)


def score(find, triples, texts: pd.DataFrame, gold: pd.DataFrame) -> dict:
    rows = []
    for doc_id, found in zip(texts["doc_id"], find(list(texts["text"]))):
        rows += [{"doc_id": doc_id, "start": s, "name_start": s, "end": e, "surface": "", "entity_id": k}
                 for s, e, k in triples(found)]
    return wb.score_mentions(pd.DataFrame(rows, columns=["doc_id", "start", "name_start", "end", "surface",
                                                          "entity_id"]), gold)


def bench_peers(docs: pd.DataFrame) -> list[dict]:
    texts, gold = gold_sample()
    sample = list(docs["text"])
    nbytes = sum(len(t.encode("utf-8")) for t in sample)
    rows = []
    for name, build in (("workbench", workbench_matcher), ("workbench, pure Python", lambda: workbench_matcher("python")),
                        ("spaCy PhraseMatcher", spacy_matcher), ("flashtext", flashtext_matcher)):
        find, triples = build()
        find(sample[:5])
        dt = float("inf")
        for _ in range(3):  # best of three: the machine is shared
            t = time.perf_counter()
            find(sample)
            dt = min(dt, time.perf_counter() - t)
        quality = score(find, triples, texts, gold)
        row = {"matcher": name, "MB_per_s_per_core": round(nbytes / 1e6 / dt, 2), "docs_per_s": round(len(sample) / dt, 1),
               "precision": round(quality["precision"], 3), "recall": round(quality["recall"], 3)}
        print("peer", row, flush=True)
        rows.append(row)
    base = rows[0]
    for row in rows:
        row["speed_vs_workbench"] = round(row["MB_per_s_per_core"] / base["MB_per_s_per_core"], 3)
    return rows


def _commit() -> str:
    """The commit of the code measured (``git rev-parse``), or "" outside a git clone."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(wb.__file__).parent,
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,100,1000,20000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=2, help="runs of the pipeline per size, one after the other")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="wb-bench-"))
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    print("machine", machine, flush=True)
    pipeline = bench_pipeline(sizes, args.workers, work, args.runs)
    stages, docs = bench_stages(work / f"corpus_{max(sizes)}x")
    peers = bench_peers(docs)
    results = {"commit": _commit(), "date": time.strftime("%Y-%m-%d"), "machine": machine, "workers": args.workers,
               "runs": args.runs, "sizes": sizes, "pipeline": pipeline, "stages": stages, "peers": peers}
    path = Path(__file__).parent / "results.json"
    if path.exists():  # the run before becomes the first of the earlier ones (the last three are kept)
        before = json.loads(path.read_text())
        earlier = before.pop("earlier_runs", [])
        results["earlier_runs"] = [before] + earlier[:2]
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
