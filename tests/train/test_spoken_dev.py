"""The spoken-language dev set: Tatoeba rus-zho in Simplified Mandarin, minus what the training data holds."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_quality  # noqa: E402


def _tatoeba(data):
    folder = data / "tatoeba-test-rus-zho"
    folder.mkdir(parents=True)
    stem = folder / "tatoeba-test-v2021-08-07"
    rows = [("Кто это?", "是誰？", "cmn_Hant"), ("Я  устал.", "我累了。", "cmn_Hans"),
            ("Где вокзал?", "火车站在哪里？", "cmn_Hans"), ("Привет!", "你好！", "cmn_Hans"),
            ("Ой", "哎呀", "yue_Hans")]
    for suffix, column in ((".rus", 0), (".zho", 1), (".zho.labels", 2)):
        stem.with_name(stem.name + suffix).write_text("\n".join(r[column] for r in rows) + "\n", encoding="utf-8")


def test_reads_simplified_mandarin_only(tmp_path):
    from workbench.train.data import read_tatoeba_ruzh

    _tatoeba(tmp_path)
    pairs = read_tatoeba_ruzh(tmp_path)
    assert pairs == {"ru": ["Я устал.", "Где вокзал?", "Привет!"], "zh": ["我累了。", "火车站在哪里？", "你好！"]}


def test_spoken_sets_drop_pairs_the_training_data_holds(tmp_path):
    _tatoeba(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # «Привет» is a training target (en→ru), 我累了 a tagged synthetic source: both pairs go
    (corpus / "train.src").write_text(">>ru<< Hello!\n>>ru<< <syn> 我累了\n", encoding="utf-8")
    (corpus / "train.tgt").write_text("привет\nЯ очень устал.\n", encoding="utf-8")
    sets = bench_quality.spoken_sets(tmp_path, corpus)
    assert sets == {("tatoeba-rus-zho-1of3", "ru", "zh"): (["Где вокзал?"], ["火车站在哪里？"]),
                    ("tatoeba-rus-zho-1of3", "zh", "ru"): (["火车站在哪里？"], ["Где вокзал?"])}
