"""Fast checks of corpus cleaning and of ``workbench train`` (tiny data, tiny model, a few steps)."""

from __future__ import annotations

import json
import random

import pytest

from workbench.cli import main
from workbench.train import data

RU = ["кошка", "собака", "дом", "вода", "книга", "город", "солнце", "река", "друг", "школа"]
ZH = ["猫", "狗", "房子", "水", "书", "城市", "太阳", "河", "朋友", "学校"]


def _write_corpus(folder, n=120):
    """Tiny ru↔zh word-list corpus with ``>>xx<<`` source tokens."""
    rng = random.Random(0)
    src, tgt = [], []
    for _ in range(n):
        idx = rng.sample(range(len(RU)), 3)
        ru, zh = " ".join(RU[i] for i in idx), "".join(ZH[i] for i in idx)
        if rng.random() < 0.5:
            src.append(f">>zh<< {ru}"), tgt.append(zh)
        else:
            src.append(f">>ru<< {zh}"), tgt.append(ru)
    for split, lo, hi in (("train", 0, n - 10), ("dev", n - 10, n)):
        (folder / f"{split}.src").write_text("\n".join(src[lo:hi]) + "\n", encoding="utf-8")
        (folder / f"{split}.tgt").write_text("\n".join(tgt[lo:hi]) + "\n", encoding="utf-8")
    return folder


def test_cleaning_helpers():
    assert data.script_ok("Привет, мир", "ru") and not data.script_ok("Hello", "ru")
    assert data.script_ok("你好，世界 AI", "zh") and not data.script_ok("COVID-19", "zh")
    assert data.strip_glossary_notation("заразный : передающийся") == "заразный"
    assert data.strip_glossary_notation("активные случаи [заболевания]") == "активные случаи"
    assert data.pair_ok("дом", "ru", "房子", "zh")
    assert not data.pair_ok("очень длинное русское предложение без конца и края", "ru", "猫", "zh")
    assert data.dedup_key("Hello, World!") == data.dedup_key("hello world")


def test_wmt_pivot_joins_russian_and_chinese_through_identical_english(tmp_path):
    root = tmp_path / "wmt-newstest-en-ru-zh" / "2017"
    (root / "en-ru").mkdir(parents=True)
    (root / "en-zh").mkdir()
    (root / "en-ru" / "newstest2017.en").write_text("A cat.\nA dog.\nA cat.\n", encoding="utf-8")
    (root / "en-ru" / "newstest2017.ru").write_text("Кошка.\nСобака.\nКот.\n", encoding="utf-8")
    (root / "en-zh" / "newstest2017.en").write_text("A  dog.\nA bird.\nA cat.\nA cat.\n", encoding="utf-8")
    (root / "en-zh" / "newstest2017.zh").write_text("一只狗。\n一只鸟。\n一只猫。\n猫。\n", encoding="utf-8")
    got = data.read_wmt_pivot(tmp_path)
    # whitespace-normalised English joins; the first translation of a repeated English line wins
    assert list(zip(got["ru"], got["zh"])) == [("Собака.", "一只狗。"), ("Кошка.", "一只猫。")]


# vocab ≥ 256 byte pieces + characters: SentencePiece trains with byte fallback
TINY = ["--vocab-size", "400", "--d-model", "32", "--layers", "1", "1", "--heads", "2",
        "--ffn-dim", "64", "--warmup", "5", "--lr", "1e-3", "--max-tokens", "400",
        "--chrf-sents", "3", "--log-every", "2", "--threads", "1"]


def test_train_resume_and_export(tmp_path, capfd):
    from transformers import MarianMTModel, MarianTokenizer

    corpus = _write_corpus(tmp_path)
    run = tmp_path / "run"
    assert main(["train", "--corpus", str(corpus), "--output", str(run), "--max-steps", "6", *TINY]) == 0
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
                 "tokenizer_config.json", "generation_config.json"):
        assert (run / "best" / name).exists(), name
    model = MarianMTModel.from_pretrained(run / "best")
    tok = MarianTokenizer.from_pretrained(run / "best")
    # the decoder starts from a zero vector, as in Marian and CTranslate2 (tied embeddings would move it)
    assert not model.get_input_embeddings().weight[model.config.decoder_start_token_id].any()
    ids = tok([">>zh<< кошка дом"], return_tensors="pt")["input_ids"][0].tolist()
    assert ids[0] == tok.convert_tokens_to_ids(">>zh<<") and ids[-1] == tok.eos_token_id
    assert model.generate(**tok([">>zh<< кошка"], return_tensors="pt"), max_new_tokens=4).shape[0] == 1

    # --resume continues from the checkpoint's step, with the data files of run.json
    assert main(["train", "--output", str(run), "--resume", "--max-steps", "9", *TINY]) == 0
    log = (run / "train.log").read_text(encoding="utf-8")
    assert "resumed at step 6" in log
    assert "stopping at step 9" in log

    out = tmp_path / "fp16"
    out.mkdir()
    (out / "README.md").write_text("card", encoding="utf-8")
    capfd.readouterr()
    assert main(["train", "--export", str(run), "--output", str(out), "--repetition-penalty", "1.2",
                 "--length-penalty", "1.5"]) == 0
    err = capfd.readouterr().err  # the export loads and saves on disk: no transformers bars
    assert "Loading weights" not in err and "Writing model shards" not in err
    assert main(["train", "--export", str(run), "--output", str(out)]) == 0  # keeps the tuned defaults
    generation = json.loads((out / "generation_config.json").read_text())
    assert (generation["repetition_penalty"], generation["length_penalty"]) == (1.2, 1.5)
    half = MarianMTModel.from_pretrained(out)
    assert next(half.parameters()).dtype.is_floating_point
    assert not half.get_input_embeddings().weight[half.config.decoder_start_token_id].any()
    assert json.loads((out / "config.json").read_text())["d_model"] == 32
    assert (out / "README.md").read_text(encoding="utf-8") == "card"  # export keeps the model card


def test_missing_dev_files_is_a_user_error(tmp_path, capsys):
    assert main(["train", "--output", str(tmp_path / "run"), "--train-src", "x", "--train-tgt", "y"]) == 1
    assert "--dev-src" in capsys.readouterr().err


def test_cuda_without_gpu_is_a_user_error(tmp_path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    corpus = _write_corpus(tmp_path)
    assert main(["train", "--corpus", str(corpus), "--output", str(tmp_path / "r"), "--device", "cuda"]) == 1


def test_a_new_shape_on_an_existing_vocabulary_with_bf16(tmp_path):
    """``--tokenizer`` reuses a vocabulary for another architecture; ``--amp bf16`` trains."""
    corpus = _write_corpus(tmp_path)
    first = tmp_path / "first"
    assert main(["train", "--corpus", str(corpus), "--output", str(first), "--max-steps", "2", *TINY]) == 0
    wider = [a if a != "32" else "48" for a in TINY]  # --d-model 48
    second = tmp_path / "second"
    assert main(["train", "--corpus", str(corpus), "--output", str(second), "--max-steps", "3",
                 "--tokenizer", str(first / "tokenizer"), "--amp", "bf16", *wider]) == 0
    assert (second / "tokenizer" / "vocab.json").read_bytes() == (first / "tokenizer" / "vocab.json").read_bytes()
    assert json.loads((second / "best" / "config.json").read_text())["d_model"] == 48
    assert "stopping at step 3" in (second / "train.log").read_text(encoding="utf-8")


def test_a_fine_tune_keeps_its_checkpoints_start_row(tiny_model, tmp_path):
    """The decoder's start row stays where training began: the checkpoint's own for ``--init``.

    (Zero for a new model: test_train_resume_and_export.) A fine-tune that zeroed it
    would start from another function than the base model computes.
    """
    import shutil

    import torch
    from transformers import MarianMTModel

    from workbench.train.layout import start_embedding

    base = shutil.copytree(tiny_model, tmp_path / "base")
    model = MarianMTModel.from_pretrained(base)
    with torch.no_grad():
        start_embedding(model).copy_(torch.randn(model.config.d_model) * 0.1)
    model.save_pretrained(base)
    row = start_embedding(model).detach().clone()
    corpus = _write_corpus(tmp_path)
    run = tmp_path / "run"
    assert main(["train", "--corpus", str(corpus), "--output", str(run), "--init", str(base), "--max-steps", "4",
                 "--warmup", "2", "--lr", "1e-2", "--max-tokens", "400", "--chrf-sents", "3", "--threads", "1"]) == 0
    tuned = MarianMTModel.from_pretrained(run / "best")
    assert not torch.equal(tuned.get_encoder().layers[0].fc1.weight, model.get_encoder().layers[0].fc1.weight)
    assert torch.allclose(start_embedding(tuned), row)
