"""Astana coverage workbench: load, clean and analyse Arabic news coverage.

The public API is imported lazily, so ``import workbench`` stays fast and
heavy libraries (camel-tools, wordfreq, plotly) load on first use.

Main entry points:

* :func:`load_corpus` - files, folders or tables in; one cleaned row per document out.
* :func:`clean_text` - clean one text, with every change recorded.
* :func:`match_form` - the matching form of a text with its offset map.
* :func:`revert_changes` - undo recorded repairs.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_corpus": "loading", "LoadResult": "loading", "CORPUS_COLUMNS": "loading", "REPORT_COLUMNS": "loading",
    "clean_text": "cleaning", "make_cleaner": "cleaning", "revert_changes": "cleaning",
    "CHANGE_COLUMNS": "cleaning",
    "match_form": "matchform", "normalise_for_matching": "matchform",
    "decode_bytes": "encoding",
    "summarise_changes": "stats", "corpus_stats": "stats", "load_report_summary": "stats",
    "change_context": "stats", "find_text": "search",
    "plot_corpus_stats": "figures", "plot_top_entities": "figures", "plot_heatmap": "figures",
    "plot_cooccurrence": "figures",
    "load_lexicon": "lexicon", "alias_table": "lexicon", "lexicon_conflicts": "lexicon",
    "build_matcher": "entities", "extract_entities": "entities", "MENTION_COLUMNS": "entities",
    "load_ner": "ner", "ner_status": "ner",
    "entity_counts": "counts", "count_matrix": "counts", "cooccurrence": "counts", "kwic": "counts",
    "find_candidates": "candidates",
    "score_mentions": "evaluation", "align_mentions": "evaluation",
    "find_round_mentions": "rounds", "assign_rounds": "rounds", "load_calendar": "rounds",
    "round_anchors": "rounds",
    "extract_dates": "dates", "find_dates": "dates",
    "load_themes": "themes", "extract_themes": "themes",
    "with_rounds": "compare", "theme_counts": "compare", "source_by_round": "compare",
    "appearance_changes": "compare", "keyness": "compare", "process_timeline": "compare",
    "plot_round_profile": "figures", "plot_timeline": "figures",
    "analyse_rounds": "pipeline",
    "run_pipeline": "batch", "read_results": "batch", "PipelineResult": "batch",
    "EntityExplorer": "widgets", "DocumentReader": "widgets", "RoundComparator": "widgets",
    "save_tables": "export",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
