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
