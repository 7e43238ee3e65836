"""Putting the steps together for a whole corpus."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class RoundAnalysis(NamedTuple):
    """What :func:`analyse_rounds` returns: DataFrames."""

    doc_rounds: pd.DataFrame      # one row per document: main round, confidence, inferred, evidence
    round_mentions: pd.DataFrame  # one row per round mention, with its role (own, past, next)
    dates: pd.DataFrame           # one row per date mention, years inferred
    themes: pd.DataFrame          # one row per theme mention
    corpus: pd.DataFrame          # the corpus with main_round, round_confidence, round_inferred


def analyse_rounds(corpus: pd.DataFrame) -> RoundAnalysis:
    """Rounds, dates (years read against each document's date or round) and themes of a corpus."""
    from .compare import with_rounds
    from .dates import extract_dates
    from .rounds import assign_rounds, round_anchors
    from .themes import extract_themes

    doc_rounds, mentions = assign_rounds(corpus)
    dates = extract_dates(corpus, round_anchors(corpus, doc_rounds))
    return RoundAnalysis(doc_rounds, mentions, dates, extract_themes(corpus), with_rounds(corpus, doc_rounds))
