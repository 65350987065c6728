"""Term hints (training and translation), corpus v2, the pivot-synthetic pairs and the id cache."""

from __future__ import annotations

import json
import lzma

import pytest

from workbench.cli import main
from workbench.train import data
from workbench.train.hints import HINT_TOKEN, HintSampler, add_hints, strip_hints, with_hints
from workbench.train.synthetic import SYNTHETIC_TOKEN

from test_train import TINY, _write_corpus


def test_russian_hints_are_names_and_phrases_in_dictionary_form():
    sampler = HintSampler(share=1.0)
    found = {c.text: c.name for c in sampler.russian_candidates(
        "Делегация во главе с Цзин Цюанем прибыла в Якутск на встречу с ректором "
        "Северо-Восточного федерального университета и Евгению Григорьеву вручили награду.")}
    assert found["Цзин Цюань"] is True  # a foreign name: only the clear ending moves
    assert found["Якутск"] is True
    assert found["Северо-Восточный федеральный университет"] is True  # agreement with the noun
    assert found["Евгений Григорьев"] is True
    assert found["встреча"] is False
    assert "ректор Северо-Восточного федерального университета" in found  # genitive tail as it stands


def test_chinese_hints_are_words_as_written():
    found = {c.text: c.name for c in HintSampler(share=1.0).chinese_candidates("黑河市代表团访问了雅库茨克。")}
    assert found.get("雅库茨克") is True
    assert all(text in "黑河市代表团访问了雅库茨克。" for text in found)


def test_a_share_of_sources_get_hints_from_their_own_target():
    src = [">>ru<< 代表团访问了雅库茨克。"] * 200 + [">>en<< Делегация"] * 20
    tgt = ["Делегация посетила Якутск."] * 200 + ["A delegation"] * 20
    out, stats = add_hints(src, tgt, seed=3, share=0.5)
    hinted = [line for line in out if HINT_TOKEN in line]
    assert 70 <= len(hinted) <= 130 and stats["hinted"] == len(hinted)
    assert all(HINT_TOKEN not in line for line in out[200:])  # no hints for English targets
    assert all(strip_hints(line) == src[0] for line in hinted)
    assert any(line.endswith(f"{HINT_TOKEN} Якутск") for line in hinted)
    assert stats["names_share"] > 0
    assert with_hints("a", ["b", "c"]) == f"a {HINT_TOKEN} b {HINT_TOKEN} c"


def test_the_hint_token_joins_a_vocabulary_without_moving_other_ids(tiny_model, tmp_path):
    from transformers import MarianMTModel, MarianTokenizer

    from workbench.train.layout import add_hint_token

    out = add_hint_token(tiny_model, tmp_path / "hinted", (SYNTHETIC_TOKEN,))
    old_vocab = json.loads((tiny_model / "vocab.json").read_text(encoding="utf-8"))
    vocab = json.loads((out / "vocab.json").read_text(encoding="utf-8"))
    pad = old_vocab["<pad>"]
    assert vocab[HINT_TOKEN] == pad and vocab[SYNTHETIC_TOKEN] == pad + 1 and vocab["<pad>"] == pad + 2
    assert all(vocab[t] == i for t, i in old_vocab.items() if t != "<pad>")
    old, new = MarianMTModel.from_pretrained(tiny_model), MarianMTModel.from_pretrained(out)
    assert new.config.pad_token_id == new.config.decoder_start_token_id == pad + 2
    assert new.config.workbench_term_hints["token"] == HINT_TOKEN
    table, old_table = new.get_input_embeddings().weight, old.get_input_embeddings().weight
    assert (table[:pad] == old_table[:pad]).all() and not table[pad + 2].any()
    tok = MarianTokenizer.from_pretrained(out)
    ids = tok([f">>ru<< {SYNTHETIC_TOKEN} 黑河 {HINT_TOKEN} Хэйхэ"])["input_ids"][0]
    assert ids.count(vocab[HINT_TOKEN]) == 1 and ids.count(vocab[SYNTHETIC_TOKEN]) == 1
    # the same source without the new tokens encodes and decodes as before
    old_tok = MarianTokenizer.from_pretrained(tiny_model)
    assert tok([">>ru<< 黑河"])["input_ids"] == old_tok([">>ru<< 黑河"])["input_ids"]


@pytest.fixture(scope="module")
def hinted_model(tiny_model, tmp_path_factory):
    from workbench.train.layout import add_hint_token

    return add_hint_token(tiny_model, tmp_path_factory.mktemp("hinted") / "model")


def test_the_pipeline_gives_a_hint_model_the_glossary_targets(hinted_model, tiny_model, glossary):
    from workbench.engine.scheduler import MarianTranslator
    from workbench.pipeline import Pipeline

    sentence = "景泉访问了雅库茨克。"
    translator = MarianTranslator(str(hinted_model), "zh", "ru", parallel=False)
    seen = []
    original = translator._schedule

    def spy(jobs, *args, **kwargs):
        seen.extend(text for text, _ in jobs)
        return original(jobs, *args, **kwargs)

    translator._schedule = spy
    [result] = Pipeline(translator, glossary, num_beams=1).translate_sentences([sentence])
    assert result.hints == ["Цзин Цюань", "Якутск"]  # dictionary forms, in source order
    assert seen == [f"{sentence} {HINT_TOKEN} Цзин Цюань {HINT_TOKEN} Якутск"]
    assert all(t.present for t in result.terms)  # the guarantee holds with hints
    assert result.to_json("ru")["hints"] == ["Цзин Цюань", "Якутск"]

    seen.clear()
    [off] = Pipeline(translator, glossary, num_beams=1, hints=False).translate_sentences([sentence])
    assert seen == [sentence] and off.hints == [] and "hints" not in off.to_json("ru")

    # a model without the hint token is fed exactly as before, whatever the option says
    plain = MarianTranslator(str(tiny_model), "zh", "ru", parallel=False)
    assert not plain.reads_hints and not Pipeline(plain, glossary, hints=True).hints


def test_corpus_v2_weights_registers_caps_ui_strings_and_counts_them(tmp_path, monkeypatch):
    root = tmp_path / "shared"

    def folder(name, ru, zh, en=None):
        (root / name).mkdir(parents=True)
        for lang, lines in (("ru", ru), ("zh", zh), ("en", en)):
            if lines is not None:
                with lzma.open(root / name / f"train.{lang}.xz", "wt", encoding="utf-8") as fh:
                    fh.write("\n".join(lines) + "\n")

    folder("wmt24pp-en-ru-zh", ["Делегация прибыла в город."], ["代表团抵达了城市。"], ["A delegation arrived."])
    ui_ru = [f"Открыть файл номер {i}" for i in range(6)] + ["&Открыть файл номер 0"]
    folder("debian-gettext-l10n-en-ru-zh", ui_ru, [f"打开文件{i}" for i in range(6)] + ["打开文件零"])
    monkeypatch.setattr(data, "V2_CORPORA", {"wmt24pp-en-ru-zh": ("news", 4),
                                             "debian-gettext-l10n-en-ru-zh": ("software-ui", 1)})
    monkeypatch.setattr(data, "UI_CAP", 4)
    for name, reader in (("read_un", "un"), ("read_tico_dev", "tico"), ("read_covid_terms", "terms"),
                         ("read_cldr", "cldr"), ("read_wmt_pivot", "pivot")):
        monkeypatch.setattr(data, name, lambda *_a, **_k: {"ru": [], "zh": [], "en": []})
    monkeypatch.setattr(data, "read_bible", lambda *_a: {"ru": [], "zh": [], "en": []})
    monkeypatch.setattr(data, "read_wmt", lambda *_a: {"en": [], "ru": [], "zh": []})
    monkeypatch.setattr(data, "read_tatoeba", lambda *_a: {"en": [], "ru": [], "zh": []})
    monkeypatch.setattr(data, "read_manythings", lambda *_a: {"en": [], "zh": []})
    monkeypatch.setattr(data, "held_out_keys", lambda *_a: set())
    monkeypatch.setattr(data, "dev_sets", lambda *_a: [("wmt21", "Дом.", "房子。")])
    stats = data.prepare_shared(root, tmp_path / "out", glossary_dir=tmp_path / "none")
    by = stats["train_by_register_direction"]
    assert by["news\tru-zh"] == by["news\tzh-ru"] == 4  # upsampled
    assert by["software-ui\tru-zh"] == 4  # six distinct strings (the & duplicate removed), capped
    assert stats["dropped"]["debian-gettext-l10n-en-ru-zh:ru-zh:ui-cap"] == 2
    skipped = data.prepare_shared(root, tmp_path / "out2", glossary_dir=tmp_path / "none", skip=("v2",))
    assert skipped["train_examples"] == 0


def test_pivot_synthetic_pairs_are_tagged_and_keep_the_human_target(tmp_path, monkeypatch):
    from workbench.train import synthetic

    monkeypatch.setattr(synthetic, "english_news", lambda root: [
        ("wmt-newstest", "A cat.", "Кошка.", "ru"), ("wmt-newstest", "A dog.", "一只狗。", "zh")])
    fake = {"zh": {"A cat.": "一只猫。"}, "ru": {"A dog.": "Собака."}}
    stats = synthetic.synthesize(tmp_path, tmp_path / "syn", lambda lines, lang: [fake[lang][x] for x in lines])
    src = (tmp_path / "syn" / "train.src").read_text(encoding="utf-8").splitlines()
    tgt = (tmp_path / "syn" / "train.tgt").read_text(encoding="utf-8").splitlines()
    assert list(zip(src, tgt)) == [(f">>ru<< {SYNTHETIC_TOKEN} 一只猫。", "Кошка."),
                                   (f">>zh<< {SYNTHETIC_TOKEN} Собака.", "一只狗。")]
    assert stats["by_direction"] == {"zh-ru": 1, "ru-zh": 1}


def test_encode_only_then_training_with_hints_on_the_cached_ids(tmp_path):
    corpus = _write_corpus(tmp_path)
    hinted = tmp_path / "hinted"
    assert main(["train", "--add-hints", str(corpus), "--output", str(hinted), "--hint-share", "0.5"]) == 0
    assert HINT_TOKEN in (hinted / "train.src").read_text(encoding="utf-8")
    assert (hinted / "dev.src").read_bytes() == (corpus / "dev.src").read_bytes()  # dev stays plain
    prep = tmp_path / "prep"
    assert main(["train", "--corpus", str(hinted), "--output", str(prep), "--hints", "--encode-only", *TINY]) == 0
    assert (prep / "encoded.npz").exists() and not (prep / "checkpoint").exists()
    vocab = json.loads((prep / "tokenizer" / "vocab.json").read_text(encoding="utf-8"))
    assert HINT_TOKEN in vocab and SYNTHETIC_TOKEN in vocab and vocab["<pad>"] == len(vocab) - 1
    run = tmp_path / "run"
    run.mkdir()
    (run / "encoded.npz").write_bytes((prep / "encoded.npz").read_bytes())  # as the GPU recipe does
    assert main(["train", "--tokenizer", str(prep / "tokenizer"), "--hints", "--train-src", "none",
                 "--train-tgt", "none", "--dev-src", str(corpus / "dev.src"), "--dev-tgt", str(corpus / "dev.tgt"),
                 "--output", str(run), "--max-steps", "3", *TINY]) == 0
    config = json.loads((run / "best" / "config.json").read_text(encoding="utf-8"))
    assert config["workbench_term_hints"]["token"] == HINT_TOKEN
