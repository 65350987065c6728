"""The shipped model (models/ruzh-marian-small): found by default, OPUS-MT layout, converts, translates.

These tests run the real model, so they check behaviour that holds for a weak model
too: the right script comes out, different sources give different outputs, and
every glossary term of the sample press release is in the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbench.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "ruzh-marian-small"
SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"

pytestmark = pytest.mark.skipif(not (SHIPPED / "model.safetensors").exists(), reason="no shipped model")

HAN = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@pytest.fixture(scope="module")
def shipped_ru_zh():
    from workbench.models import load_translator

    return load_translator(None, "ru", "zh")


@pytest.fixture(scope="module")
def shipped_zh_ru():
    from workbench.models import load_translator

    return load_translator(None, "zh", "ru")


def test_it_is_the_default_for_both_directions():
    from workbench.models import default_model

    assert Path(default_model("ru", "zh")).resolve() == SHIPPED.resolve()
    assert Path(default_model("zh", "ru")).resolve() == SHIPPED.resolve()


def test_opus_mt_layout_and_ids():
    from transformers import MarianMTModel, MarianTokenizer

    tok = MarianTokenizer.from_pretrained(SHIPPED)
    model = MarianMTModel.from_pretrained(SHIPPED)
    vocab = tok.get_vocab()
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == model.config.decoder_start_token_id
    assert {">>zh<<", ">>ru<<"} <= set(vocab)
    generation = json.loads((SHIPPED / "generation_config.json").read_text(encoding="utf-8"))
    assert [vocab["<pad>"]] in generation["bad_words_ids"] and [1] in generation["bad_words_ids"]


def test_ctranslate2_converts_it():
    pytest.importorskip("ctranslate2")
    from workbench.engine.ct2 import converted_model

    assert (converted_model(str(SHIPPED)) / "model.bin").exists()


def test_ctranslate2_scores_as_the_model_was_trained():
    """CTranslate2 starts Marian decoders from zero; the conversion folds the shipped model's start row in.

    Teacher-forced log-probabilities of one translation, in fp32: CTranslate2's and
    transformers' forward pass (which training ran) agree token by token.
    """
    ctranslate2 = pytest.importorskip("ctranslate2")
    import torch

    from workbench.engine.ct2 import converted_model
    from workbench.engine.marian import MarianModel

    marian = MarianModel(str(SHIPPED), "zh", "ru", quantize=False)
    start = marian.model.config.decoder_start_token_id
    assert marian.model.get_decoder().embed_tokens.weight[start].abs().sum() > 0  # what is folded in
    source, target = "黑河市长会见了雅库茨克代表团。", "Мэр Хэйхэ встретился с делегацией Якутска."
    target_ids = marian.tokenizer(text_target=target)["input_ids"]
    with torch.inference_mode():
        logits = marian.model(**marian.encode([source]), labels=torch.tensor([target_ids])).logits[0]
    theirs = torch.log_softmax(logits.float(), dim=-1).gather(1, torch.tensor(target_ids)[:, None]).squeeze(1)
    fast = ctranslate2.Translator(str(converted_model(str(SHIPPED), "float32")), device="cpu", compute_type="float32")
    [scored] = fast.score_batch(marian.source_tokens([source]), [marian.tokenizer.convert_ids_to_tokens(target_ids[:-1])])
    assert len(scored.log_probs) == len(target_ids)
    assert torch.allclose(torch.tensor(scored.log_probs), theirs, atol=1e-3)


def test_it_reads_its_source_and_writes_the_target_script(shipped_ru_zh, shipped_zh_ru):
    ru = ["Мэр города встретился с делегацией.", "Завтра будет холодно и снежно.",
          "Студенты изучают китайский язык в университете."]
    zh = [h.text for h in shipped_ru_zh.translate(ru, num_beams=4)]
    assert len(set(zh)) == 3, zh
    assert all(HAN.search(t) and not CYRILLIC.search(t) for t in zh), zh
    back = [h.text for h in shipped_zh_ru.translate(["市长会见了代表团。", "明天会很冷。"], num_beams=4)]
    assert len(set(back)) == 2 and all(CYRILLIC.search(t) and not HAN.search(t) for t in back), back


def test_zh_to_ru_terms_come_back_in_the_agreed_spelling(shipped_zh_ru, glossary):
    from workbench.pipeline import Pipeline

    pipeline = Pipeline(shipped_zh_ru, glossary, num_beams=4)
    [result] = pipeline.translate_sentences(["黑河市代表团访问了雅库茨克。"])
    assert result.terms and all(t.present for t in result.terms), result.to_json("ru")
    assert re.search(r"Хэйхэ", result.output) and re.search(r"Якутск", result.output), result.output


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample missing")
def test_quick_start_main_job_keeps_every_term(tmp_path, capsys):
    """The README's main job: the sample press release, shipped model and glossary, offline."""
    report = tmp_path / "report.json"
    out = tmp_path / "out.zh.txt"
    assert main(["translate", str(SAMPLE), "--to", "zh", "--report", str(report), "--output", str(out)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    summary = data["summary"]
    assert summary["terms"] > 50 and summary["missing"] == 0, summary
    segments = [seg for doc in data["documents"] for seg in doc["segments"]]
    assert summary["incomplete"] == sum(not seg["complete"] for seg in segments) < len(segments)
    text = out.read_text(encoding="utf-8")
    assert "黑河" in text and "雅库茨克" in text


def test_without_terms_the_search_is_ctranslate2s_beam_search():
    """In fp32 our beam search (no terms) and CTranslate2's write the same translations.

    Same endings (a ``</s>`` counts where it wins a place in the beam), same length
    normalisation, and the decoder started from the shipped model's <pad> row (not
    zero; the conversion folds it in). So a sentence with a term differs from the
    fast path's only by the term (and by the int8 products of each engine).
    """
    ctranslate2 = pytest.importorskip("ctranslate2")
    from workbench.engine.ct2 import converted_model
    from workbench.engine.scheduler import MarianTranslator

    translator = MarianTranslator(str(SHIPPED), "zh", "ru", quantize=False, parallel=False, fast_path="off")
    assert translator.marian.model.get_decoder().embed_tokens.weight[translator.marian.model.config.decoder_start_token_id].abs().sum() > 0
    fast = ctranslate2.Translator(str(converted_model(str(SHIPPED), "float32")), device="cpu", compute_type="float32")
    sentences = (ROOT / "tests" / "data" / "termset" / "termset.zh.txt").read_text(encoding="utf-8").splitlines()[:8]
    for sentence in sentences:
        tokens = translator.marian.source_tokens([sentence])
        [result] = fast.translate_batch(tokens, beam_size=4, max_decoding_length=translator.marian.max_new_tokens(sentence),
                                        max_input_length=0, disable_unk=True,
                                        repetition_penalty=translator.marian.repetition_penalty,
                                        length_penalty=translator.marian.length_penalty)
        theirs = translator.marian.decode(translator.marian.tokenizer.convert_tokens_to_ids(result.hypotheses[0]))
        [ours] = translator.marian.search([(sentence, ())], 4)
        assert ours.text == theirs, sentence


def test_enforcement_changes_only_the_sentences_whose_terms_the_model_missed(shipped_ru_zh):
    """With the glossary off, the same engine gives the same drafts, except where terms were forced.

    The model writes «Россия» as 俄罗斯 by itself: that sentence is its own
    translation either way, as is the one without terms. The names it does not
    know are forced only with enforcement on.
    """
    from workbench.glossary.loader import load_glossaries
    from workbench.pipeline import Pipeline

    glossary = load_glossaries([ROOT / "glossaries"])
    sentences = ["Россия подписала соглашение.", "Сотрудничество городов.",
                 "Делегация города Хэйхэ прибыла в Якутск."]
    on = Pipeline(shipped_ru_zh, glossary).translate_sentences(sentences)
    off = Pipeline(shipped_ru_zh, glossary, enforce="off").translate_sentences(sentences)
    assert "俄罗斯" in on[0].output and on[0].output == off[0].output
    assert on[1].output == off[1].output
    assert all(t.present for t in on[2].terms) and not all(t.present for t in off[2].terms)
    assert on[2].output != off[2].output


def test_stray_pieces_around_forced_terms_cost_the_search(glossary):
    """Into Russian, a word that is no word costs the constrained search: fewer drafts open with a
    stray piece or put one before a forced term («Вознике Китая»), and every term is still there."""
    from workbench.engine.constrained import NonWords
    from workbench.engine.scheduler import MarianTranslator
    from workbench.pipeline import Pipeline, term_forms

    translator = MarianTranslator(str(SHIPPED), "zh", "ru", parallel=False)
    sentences = (ROOT / "tests" / "data" / "termset" / "termset.zh.txt").read_text(encoding="utf-8").splitlines()[:40]

    def strays(penalty: float) -> int:
        translator.marian.nonword_penalty = penalty
        results = Pipeline(translator, glossary, num_beams=4).translate_sentences(sentences)
        assert all(t.present for r in results for t in r.terms)
        count = 0
        for r in results:  # a draft that opens with a stray piece, or has one right before a term
            forms = sorted({f for t in r.terms for f in term_forms(t.term, "ru")[0]}, key=len, reverse=True)
            words = NonWords(forms, [])
            text = re.sub("|".join(map(re.escape, forms)), " \0 ", r.output) if forms else r.output
            tokens = re.findall(r"[\w-]+|\0", text)
            suspects = tokens[:1] + [w for w, nxt in zip(tokens, tokens[1:]) if nxt == "\0"]
            count += any(w != "\0" and not words.is_word(w) for w in suspects)
        return count

    try:
        without, with_cost = strays(0.0), strays(2.0)
    finally:
        translator.marian.nonword_penalty = 2.0
    assert with_cost < without, (with_cost, without)
