"""Command line: ``python -m workbench corpus PATH --format csv|jsonl [--report]``."""

from __future__ import annotations

import argparse
import sys

import pandas as pd


def _write(table: pd.DataFrame, fmt: str, stream) -> None:
    if fmt == "csv":
        table.to_csv(stream, index=False)
    else:
        table.to_json(stream, orient="records", lines=True, force_ascii=False)
        stream.write("\n") if len(table) else None


def _cmd_corpus(args) -> int:
    from .loading import load_corpus

    result = load_corpus(args.path, recursive=not args.no_recursive, text_column=args.text_column,
                         with_details=True)
    corpus = result.corpus if args.raw else result.corpus.drop(columns=["raw_text"])
    _write(corpus, args.format, sys.stdout)
    if args.report:
        report = result.report
        print(report.to_string(index=False), file=sys.stderr)
        counts = report["status"].value_counts()
        print(f"{counts.get('loaded', 0)} loaded, {counts.get('skipped', 0)} skipped, {len(report)} inputs",
              file=sys.stderr)
    return 0


def _load(args):
    from .loading import load_corpus

    return load_corpus(args.path, recursive=not args.no_recursive, text_column=args.text_column)


def _lexicon(args):
    from .lexicon import load_lexicon

    return load_lexicon(args.lexicon) if args.lexicon else load_lexicon()


def _cmd_entities(args) -> int:
    from .entities import extract_entities

    corpus = _load(args)
    mentions = extract_entities(corpus, lexicon=_lexicon(args))
    if not args.all_kinds:
        mentions = mentions[mentions["kind"] == "name"]
    _write(mentions, args.format, sys.stdout)
    return 0


def _cmd_counts(args) -> int:
    from .counts import entity_counts
    from .entities import extract_entities

    corpus = _load(args)
    mentions = extract_entities(corpus, lexicon=_lexicon(args))
    kinds = ("name", "demonym") if args.all_kinds else ("name",)
    _write(entity_counts(mentions, corpus, by=args.by, kinds=kinds), args.format, sys.stdout)
    return 0


def _cmd_rounds(args) -> int:
    from .pipeline import analyse_rounds

    analysis = analyse_rounds(_load(args))
    table = analysis.doc_rounds[["doc_id", "main_round", "confidence", "inferred", "evidence", "rounds_mentioned"]]
    _write(table, args.format, sys.stdout)
    return 0


def _cmd_dates(args) -> int:
    from .pipeline import analyse_rounds

    _write(analyse_rounds(_load(args)).dates, args.format, sys.stdout)
    return 0


def _cmd_themes(args) -> int:
    from .themes import extract_themes, load_themes, build_theme_matcher

    matcher = build_theme_matcher(load_themes(args.themes) if args.themes else None)
    _write(extract_themes(_load(args), matcher), args.format, sys.stdout)
    return 0


def _cmd_pipeline(args) -> int:
    from .batch import run_pipeline
    from .lexicon import load_lexicon

    lexicon = load_lexicon(args.lexicon) if args.lexicon else None
    paths = run_pipeline(args.path, out_dir=args.out, chunk_size=args.chunk_size, workers=args.workers,
                         engine=args.engine, scheduler=args.scheduler, lexicon=lexicon,
                         recursive=not args.no_recursive, text_column=args.text_column, progress=not args.quiet)
    for name, path in paths.items():
        print(f"{name}\t{path}")
    return 0


def _cmd_report(args) -> int:
    from .report import run_report

    pages = run_report(args.corpus, args.out, notebooks_dir=args.notebooks)
    print(f"wrote {len(pages)} pages and index.html under {args.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workbench",
                                     description="Astana coverage workbench: load, clean and analyse Arabic news.")
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="write the cleaned corpus table to stdout")
    corpus.add_argument("path", help="a folder of .txt/.html files, a single file, or a CSV/TSV/JSONL/Parquet table")
    corpus.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    corpus.add_argument("--report", action="store_true", help="print the load report to stderr")
    corpus.add_argument("--raw", action="store_true", help="include the raw_text column")
    corpus.add_argument("--no-recursive", action="store_true", help="do not descend into sub-folders")
    corpus.add_argument("--text-column", default=None, help="name of the text column of a table")
    corpus.set_defaults(func=_cmd_corpus)

    def corpus_args(p):
        p.add_argument("path", help="a folder, a file or a table (as for `corpus`)")
        p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        p.add_argument("--no-recursive", action="store_true")
        p.add_argument("--text-column", default=None)
        p.add_argument("--lexicon", action="append", help="a user lexicon CSV merged into the package lexicon")
        p.add_argument("--all-kinds", action="store_true", help="include demonyms (nisba adjectives)")

    entities = sub.add_parser("entities", help="write the entity mention table to stdout")
    corpus_args(entities)
    entities.set_defaults(func=_cmd_entities)
    counts = sub.add_parser("counts", help="write mention counts per document (or --by a column) to stdout")
    corpus_args(counts)
    counts.add_argument("--by", default="doc_id", help="a corpus column to group by (doc_id, source, ...)")
    counts.set_defaults(func=_cmd_counts)

    rounds = sub.add_parser("rounds", help="one row per document: its main Astana round and the evidence")
    corpus_args(rounds)
    rounds.set_defaults(func=_cmd_rounds)
    dates = sub.add_parser("dates", help="one row per date mention, on one calendar")
    corpus_args(dates)
    dates.set_defaults(func=_cmd_dates)
    themes = sub.add_parser("themes", help="one row per theme mention")
    corpus_args(themes)
    themes.add_argument("--themes", default=None, help="a theme CSV to use instead of the package's")
    themes.set_defaults(func=_cmd_themes)

    pipeline = sub.add_parser("pipeline", help="run every step over a large corpus and write Parquet tables")
    pipeline.add_argument("path")
    pipeline.add_argument("--out", required=True, help="folder for the Parquet tables")
    pipeline.add_argument("--engine", choices=["processes", "serial", "dask"], default="processes")
    pipeline.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    pipeline.add_argument("--chunk-size", type=int, default=200)
    pipeline.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    pipeline.add_argument("--lexicon", action="append")
    pipeline.add_argument("--no-recursive", action="store_true")
    pipeline.add_argument("--text-column", default=None)
    pipeline.add_argument("--quiet", action="store_true", help="no progress bar")
    pipeline.set_defaults(func=_cmd_pipeline)

    report = sub.add_parser("report", help="execute the notebooks on a corpus and write HTML and CSV under --out")
    report.add_argument("--corpus", default="seeds")
    report.add_argument("--out", default="reports")
    report.add_argument("--notebooks", default="notebooks")
    report.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
