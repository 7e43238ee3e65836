"""camel-tools' named-entity recogniser as a second extractor.

When the ``ner-arabert`` model is installed (``camel_data -i ner-arabert``), or
a fine-tuned BERT token-classification model is at a given path,
:class:`NerExtractor` runs it on each sentence (camel-tools' tokeniser in, BIO
tags out) and maps the tagged words back to character spans of the text.
Spans the lexicon knows keep the lexicon's canonical id
(:func:`workbench.entities.extract_entities` merges them); the others become
candidate entities with ``method="ner"``.

camel-tools loads a data catalogue when ``camel_tools.ner`` is imported and
tries to download it when it is missing, which fails without network. So the
import happens only when a model is asked for, and only when the catalogue is
present; otherwise :func:`load_ner` says once why NER is off and returns
``None``, and the workbench carries on with the lexicon alone.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from .matchform import normalise_for_matching

_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "GPE": "GPE"}


def camel_data_dir() -> Path:
    """Where camel-tools keeps its data (``CAMELTOOLS_DATA`` or ``~/.camel_tools``)."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser().absolute() if env else Path.home() / ".camel_tools"


class NerUnavailable(RuntimeError):
    """The NER model cannot be loaded here; the message says why and how to install it."""


class NerExtractor:
    """Wraps a camel-tools ``NERecognizer``; ``find(text, sentence_spans)`` returns mention dicts."""

    def __init__(self, recognizer, batch_size: int = 32):
        self.recognizer = recognizer
        self.batch_size = batch_size

    @classmethod
    def load(cls, model_path: str | Path | None = None) -> "NerExtractor":
        """Load the pretrained camel-tools model, or a fine-tuned model at ``model_path``.

        Raises :class:`NerUnavailable` when that cannot be done here.
        """
        if model_path is None and not (camel_data_dir() / "catalogue.json").exists():
            raise NerUnavailable(
                f"camel-tools data is not installed (no catalogue in {camel_data_dir()}); "
                "install the model with `camel_data -i ner-arabert` to enable NER")
        if model_path is not None and not Path(model_path).is_dir():
            raise NerUnavailable(f"no NER model folder at {model_path}")
        try:
            from camel_tools.ner import NERecognizer
        except Exception as exc:  # the catalogue download fails without network
            raise NerUnavailable(f"camel_tools.ner cannot be imported: {type(exc).__name__}: {exc}") from exc
        try:
            if model_path is None:
                recognizer = NERecognizer.pretrained(use_gpu=False)
            else:
                recognizer = NERecognizer(str(model_path), use_gpu=False)
        except Exception as exc:
            raise NerUnavailable(f"the NER model could not be loaded: {type(exc).__name__}: {exc}") from exc
        return cls(recognizer)

    def find(self, text: str, spans: list[tuple[int, int]]) -> list[dict]:
        """Entity spans in ``text``, one sentence (``spans``) at a time."""
        from camel_tools.tokenizers.word import simple_word_tokenize

        sentences, offsets = [], []
        for s_start, s_end in spans:
            tokens = simple_word_tokenize(text[s_start:s_end])
            positions, pos = [], s_start
            for tok in tokens:
                i = text.find(tok, pos, s_end)
                if i < 0:  # the tokeniser changed a token; keep what aligns
                    positions = None
                    break
                positions.append((i, i + len(tok)))
                pos = i + len(tok)
            if positions:
                sentences.append(tokens)
                offsets.append(positions)
        mentions = []
        for start in range(0, len(sentences), self.batch_size):
            batch = sentences[start:start + self.batch_size]
            labels = self.recognizer.predict(batch, batch_size=self.batch_size)
            for sent_labels, positions in zip(labels, offsets[start:start + self.batch_size]):
                mentions.extend(_bio_spans(text, sent_labels, positions))
        return mentions


def _bio_spans(text: str, labels: list[str], positions: list[tuple[int, int]]) -> list[dict]:
    """Turn BIO labels of words into character spans (an I- after O or another type opens a span)."""
    out, current = [], None
    for label, (a, b) in zip(labels, positions):
        tag, _, etype = label.partition("-")
        etype = _TYPES.get(etype)
        if tag in ("B", "I") and etype:
            if tag == "I" and current and current[2] == etype:
                current[1] = b
                continue
            if current:
                out.append(current)
            current = [a, b, etype]
        else:
            if current:
                out.append(current)
            current = None
    if current:
        out.append(current)
    mentions = []
    for a, b, etype in out:
        surface = text[a:b]
        if not any(ch.isalpha() for ch in surface):
            continue  # a punctuation token tagged as a name
        mentions.append({"start": a, "end": b, "surface": surface, "prefix": "", "name_start": a,
                         "entity_id": f"NER:{etype}:{normalise_for_matching(surface)}", "label_ar": surface,
                         "label_en": "", "type": etype, "kind": "name", "method": "ner"})
    return mentions


def load_ner(model_path: str | Path | None = None, quiet: bool = False) -> NerExtractor | None:
    """The NER extractor, or ``None`` with a warning (unless ``quiet``) saying why it is off."""
    try:
        return NerExtractor.load(model_path)
    except NerUnavailable as exc:
        if not quiet:
            warnings.warn(f"NER is off: {exc}. Entities come from the lexicon only.", stacklevel=2)
        return None


def ner_status(ner: NerExtractor | None) -> str:
    """One line for a notebook: is the NER extractor on?"""
    if ner is None:
        return ("camel-tools NER: off (model not installed; `camel_data -i ner-arabert` enables it). "
                "Entities come from the lexicon.")
    return "camel-tools NER: on. Spans the lexicon does not know are listed with method='ner'."
