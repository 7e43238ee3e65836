"""The camel-tools NER adapter, end to end, with a tiny model the test builds.

camel-tools' ``NERecognizer`` loads a BERT token-classification model from a
folder. The test saves a randomly initialised, very small BERT whose
classifier is biased towards one label, so the real loading, tokenising,
prediction and span-mapping code runs in CI and its output is predictable.
It runs in a subprocess with ``CAMELTOOLS_DATA`` pointing at a minimal data
folder, because importing ``camel_tools.ner`` reads camel-tools' catalogue.
"""

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
WORDS = ["قال", "لافرنتييف", "إن", "الوفد", "وصل", "إلى", "أستانا", "اليوم", "مفاوضات", "جديدة", ".", "،"]

SCRIPT = r"""
import json, sys
import pandas as pd
from workbench.ner import NerExtractor
from workbench.entities import extract_entities
from workbench.lexicon import load_lexicon

model_dir, lexicon_csv = sys.argv[1], sys.argv[2]
ner = NerExtractor.load(model_dir)
corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["قال لافرنتييف إن الوفد وصل إلى أستانا اليوم. مفاوضات جديدة، اليوم."]})
mentions = extract_entities(corpus, ner=ner, lexicon=load_lexicon(lexicon_csv, base=False))
print(json.dumps(mentions.to_dict("records"), ensure_ascii=False))
"""


def build_model(folder: Path, label: str) -> None:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    folder.mkdir(parents=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=256, num_labels=len(LABELS),
                        id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)})
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-10.0)
        model.classifier.bias[LABELS.index(label)] = 10.0
    model.save_pretrained(folder)
    (folder / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": False,
                                                              "tokenize_chinese_chars": False}))


def run_adapter(tmp_path: Path, label: str) -> list[dict]:
    model_dir = tmp_path / f"model-{label}"
    build_model(model_dir, label)
    data_dir = tmp_path / "camel_data"
    data_dir.mkdir(exist_ok=True)
    (data_dir / "catalogue.json").write_text('{"version": "0.0.0", "packages": {}, "components": {}}')
    lexicon = tmp_path / "lex.csv"
    lexicon.write_text("entity_id,type,name_ar,name_en,aliases,demonyms,note\n"
                       "LOC:astana,LOC,أستانا,Astana,,,\n", encoding="utf-8")
    env = {**os.environ, "CAMELTOOLS_DATA": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(model_dir), str(lexicon)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_word_tagged_b_loc_gives_one_span_per_word(tmp_path):
    text = "قال لافرنتييف إن الوفد وصل إلى أستانا اليوم. مفاوضات جديدة، اليوم."
    rows = run_adapter(tmp_path, "B-LOC")
    lexicon_rows = [r for r in rows if r["method"] == "lexicon"]
    ner_rows = [r for r in rows if r["method"] == "ner"]
    # the lexicon keeps its canonical id for أستانا; NER adds the other words (and punctuation tokens)
    assert [r["entity_id"] for r in lexicon_rows] == ["LOC:astana"]
    assert "أستانا" not in [r["surface"] for r in ner_rows]
    assert [r["surface"] for r in ner_rows][:6] == ["قال", "لافرنتييف", "إن", "الوفد", "وصل", "إلى"]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["surface"]
    assert {r["type"] for r in ner_rows} == {"LOC"}
    assert ner_rows[0]["entity_id"] == "NER:LOC:قال"
    assert {r["sentence_id"] for r in ner_rows} == {0, 1}


def test_inside_tags_join_a_sentence_into_one_span(tmp_path):
    text = "قال لافرنتييف إن الوفد وصل إلى أستانا اليوم. مفاوضات جديدة، اليوم."
    rows = run_adapter(tmp_path, "I-PERS")
    ner_rows = [r for r in rows if r["method"] == "ner"]
    # I- after O opens a span and consecutive I-PERS words join, so each sentence is one span; the first
    # sentence's span overlaps the lexicon mention أستانا and is dropped (the lexicon's canonical id wins)
    assert [r["surface"] for r in ner_rows] == ["مفاوضات جديدة، اليوم."]
    assert [r["entity_id"] for r in rows if r["method"] == "lexicon"] == ["LOC:astana"]
    assert all(r["type"] == "PER" for r in ner_rows)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["surface"]


def test_missing_model_degrades_with_one_clear_message(tmp_path, monkeypatch):
    from workbench.ner import load_ner

    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "nothing-here"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_ner() is None
        assert load_ner(tmp_path / "no-model") is None
    messages = [str(w.message) for w in caught]
    assert "camel_data -i ner-arabert" in messages[0]
    assert "no NER model folder" in messages[1]
