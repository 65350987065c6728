"""The Marian engine on a real (tiny, random) model: loading, constraints, long input."""

from __future__ import annotations

import pytest

from workbench.engine.base import Constraint
from workbench.errors import ModelError


def test_multilingual_model_gets_target_token(ru_zh, zh_ru):
    assert ru_zh.marian.prefix == ">>zh<< "
    assert zh_ru.marian.prefix == ">>ru<< "


def test_plain_translation_returns_one_hypothesis_per_sentence(ru_zh):
    sentences = ["Делегация прибыла в Якутск.", "", "Стороны обсудили сотрудничество."]
    hypotheses = ru_zh.translate(sentences, num_beams=2)
    assert len(hypotheses) == 3
    assert hypotheses[1].text == ""
    assert all(isinstance(h.text, str) for h in hypotheses)


@pytest.mark.parametrize("terms", [("黑河",), ("雅库茨克", "黑河市人民政府"), ("景泉", "陈晓洁", "哈尔滨")])
def test_random_model_outputs_every_chinese_term(ru_zh, terms):
    constraints = [Constraint((t,), label=t) for t in terms]
    [hypothesis] = ru_zh.translate(["Делегация города Хэйхэ прибыла в Якутск."], [constraints])
    for term in terms:
        assert term in hypothesis.text
    assert hypothesis.met == [True] * len(terms)


def test_random_model_outputs_one_russian_alternative(zh_ru):
    forms = ("Якутск", "Якутска", "Якутску", "Якутском", "Якутске")
    [hypothesis] = zh_ru.translate(["代表团访问了雅库茨克。"], [[Constraint(forms, label="Якутск")]])
    assert any(form in hypothesis.text for form in forms)
    assert hypothesis.met == [True]


def test_batch_mixes_constrained_and_plain_sentences(ru_zh):
    sentences = ["Якутск.", "Сотрудничество городов.", "Харбин и Хэйхэ."]
    constraints = [[Constraint(("雅库茨克",))], [], [Constraint(("哈尔滨",)), Constraint(("黑河",))]]
    hypotheses = ru_zh.translate(sentences, constraints)
    assert "雅库茨克" in hypotheses[0].text
    assert "哈尔滨" in hypotheses[2].text and "黑河" in hypotheses[2].text


def test_plain_sentences_decoded_meanwhile_come_back_in_place(ru_zh):
    """The fast path runs the plain sentences while the constrained searches run: same outputs, same order."""
    plain = ["Сотрудничество городов.", "Делегация прибыла в город.", "Форум."]
    alone = [h.text for h in ru_zh.translate(plain)]
    sentences = [plain[0], "Харбин и Хэйхэ.", plain[1], "Якутск.", plain[2]]
    constraints = [[], [Constraint(("哈尔滨",)), Constraint(("黑河",))], [], [Constraint(("雅库茨克",))], []]
    mixed = ru_zh.translate(sentences, constraints)
    assert ru_zh.fast.decoder() is not None
    assert [mixed[0].text, mixed[2].text, mixed[4].text] == alone
    assert "雅库茨克" in mixed[3].text and "黑河" in mixed[1].text


@pytest.mark.parametrize("fast_path", ["auto", "off"])
def test_without_enforcement_only_the_searched_sentences_differ(tiny_model, fast_path):
    """``enforce=False`` decodes as enforcement does, up to the constrained search.

    Sentences without terms come out the same either way (CTranslate2's int8
    output depends on which sentences share a call: they share the same ones in
    both modes); sentences with terms are decoded without them.
    """
    from workbench.engine.scheduler import MarianTranslator

    translator = MarianTranslator(str(tiny_model), "ru", "zh", fast_path=fast_path, parallel=False)
    sentences = ["Сотрудничество городов.", "Харбин и Хэйхэ.", "Делегация прибыла в город.", "Форум.", "Якутск."]
    constraints = [[], [Constraint(("哈尔滨",)), Constraint(("黑河",))], [], [], [Constraint(("雅库茨克",))]]
    forced = translator.translate(sentences, constraints)
    free = translator.translate(sentences, constraints, enforce=False)
    assert [free[i].text for i in (0, 2, 3)] == [forced[i].text for i in (0, 2, 3)]
    assert "黑河" in forced[1].text and "黑河" not in free[1].text and free[1].met == [False, False]
    assert "雅库茨克" in forced[4].text and "雅库茨克" not in free[4].text


def test_search_helper_gives_the_same_drafts_and_its_death_loses_nothing(tiny_model):
    """Half of the constrained batches run in a forked helper: same drafts; if it dies, they run here."""
    from workbench.engine import helper
    from workbench.engine.scheduler import MarianTranslator

    if not (helper.can_fork() and helper.cores() >= 2):
        pytest.skip("the search helper needs Linux and two cores")
    sentences = ["Якутск.", "Харбин и Хэйхэ.", "Делегация Хэйхэ.", "Форум в Якутске.", "Харбин."]
    constraints = [[Constraint(("雅库茨克",))], [Constraint(("哈尔滨",)), Constraint(("黑河",))],
                   [Constraint(("黑河",))], [Constraint(("雅库茨克",))], [Constraint(("哈尔滨",))]]
    alone = MarianTranslator(str(tiny_model), "ru", "zh", parallel=False)
    paired = MarianTranslator(str(tiny_model), "ru", "zh")
    try:
        want = [(h.text, h.met) for h in alone.translate(sentences, constraints)]
        assert [(h.text, h.met) for h in paired.translate(sentences, constraints)] == want
        assert isinstance(paired.searches.helper, helper.SearchHelper)
        assert not isinstance(alone.searches.helper, helper.SearchHelper)
        assert all(all(met) for _, met in want)
        for process in list(paired.searches.helper._pool._processes.values()):
            process.kill()
            process.join()
        assert [(h.text, h.met) for h in paired.translate(sentences, constraints)] == want
        assert paired.searches.helper is False  # decoded here from now on
    finally:
        paired.close()


def test_torch_gets_its_threads_back_after_ctranslate2(ru_zh):
    """CTranslate2 leaves torch at one thread in its caller; the torch paths take the default back."""
    torch = pytest.importorskip("torch")
    from workbench.engine.helper import torch_threads

    ru_zh.translate(["Сотрудничество городов."])  # fast path, when CTranslate2 is installed
    ru_zh.marian.generate(["Форум."], 1)
    assert torch.get_num_threads() == torch_threads()


def test_long_sentence_is_translated_in_parts_not_cut(ru_zh):
    words = ("сотрудничество между городами развивается " * 2000).split()
    sentence = " ".join(words)[:20000]
    pieces = ru_zh.split_to_fit(sentence)
    assert len(pieces) > 1
    assert all(ru_zh.marian.count_tokens(p) <= ru_zh.marian.max_source_tokens for p in pieces)
    assert " ".join(pieces).split() == sentence.split()


def test_long_sentence_keeps_its_term_in_the_right_part(ru_zh):
    filler = "сотрудничество между городами развивается " * 60
    sentence = filler + "в городе Хэйхэ " + filler
    [hypothesis] = ru_zh.translate([sentence], [[Constraint(("黑河",), source="Хэйхэ")]], num_beams=1)
    assert hypothesis.parts > 1
    assert "黑河" in hypothesis.text
    assert hypothesis.met == [True]


def test_missing_model_directory_is_a_clear_error(tmp_path):
    from workbench.engine.scheduler import MarianTranslator

    with pytest.raises(ModelError, match="no such model directory"):
        MarianTranslator(str(tmp_path / "nope"), "ru", "zh")


def test_pickle_weights_are_refused_unless_allowed(tiny_model, tmp_path):
    import torch
    from safetensors.torch import load_file

    from workbench.engine.scheduler import MarianTranslator

    folder = tmp_path / "pickled"
    folder.mkdir()
    for name in ("config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        (folder / name).write_bytes((tiny_model / name).read_bytes())
    torch.save(load_file(str(tiny_model / "model.safetensors")), folder / "pytorch_model.bin")
    with pytest.raises(ModelError, match="allow-pickle"):
        MarianTranslator(str(folder), "ru", "zh")
    assert MarianTranslator(str(folder), "ru", "zh", allow_pickle=True).translate(["Якутск."])


class _FirstTryProbe:
    """Stands in for a translator in ``_first_try``: its fast path accepts the try for chosen sentences."""

    def __init__(self, accept):
        self.accept, self.tried = accept, []
        self.fast = self

    def decoder(self):
        return object()

    def try_terms(self, jobs, indices, num_beams):
        from workbench.engine.base import Hypothesis
        from workbench.engine.fastpath import FirstTry

        self.tried.append(list(indices))
        accepted = {i: Hypothesis(text="ok", met=[True]) for i in indices if i in self.accept}
        return FirstTry(accepted=accepted, natural={i: 10 for i in indices})

    def try_terms_later(self, jobs, indices, num_beams):
        tried = self.try_terms(jobs, indices, num_beams)
        return lambda: tried


@pytest.mark.parametrize("accepted, rest_tried", [(set(), False), ({1}, False), ({0, 3}, True)])
def test_first_try_goes_on_only_while_it_pays(accepted, rest_tried):
    """The shortest sentences probe the fast path; the others follow only if 1 in 4 came out whole."""
    from workbench.engine.scheduler import FIRST_TRY_PAYS, FIRST_TRY_PROBE, MarianTranslator

    assert FIRST_TRY_PROBE == 8 and FIRST_TRY_PAYS == 0.25
    jobs = [(f"sentence {i}", (Constraint(("x",)),)) for i in range(20)]
    probe = _FirstTryProbe(accepted)
    tried, started = MarianTranslator._first_try(probe, jobs, list(range(20)), 4, meanwhile=lambda: "plain")
    assert started == "plain"
    remaining, natural = [i for i in range(20) if i not in tried.accepted], tried.natural
    assert probe.tried[0] == list(range(8))
    assert (len(probe.tried) == 2) is rest_tried
    assert remaining == [i for i in range(20) if i not in accepted]
    assert sorted(natural) == (list(range(20)) if rest_tried else list(range(8)))


def test_a_short_last_batch_joins_the_one_before():
    from workbench.engine.searches import chunks as _chunks

    assert _chunks(list(range(33)), 16) == [list(range(16)), list(range(16, 33))]
    assert _chunks(list(range(37)), 16) == [list(range(16)), list(range(16, 32)), list(range(32, 37))]
    assert _chunks(list(range(3)), 16) == [[0, 1, 2]]
    assert _chunks([], 16) == []


def test_search_helper_stops_with_its_translator(tiny_model):
    import gc

    from workbench.engine import helper
    from workbench.engine.scheduler import MarianTranslator

    if not (helper.can_fork() and helper.cores() >= 2):
        pytest.skip("the search helper needs Linux and two cores")
    translator = MarianTranslator(str(tiny_model), "ru", "zh")
    translator.translate(["Якутск.", "Харбин."], [[Constraint(("雅库茨克",))], [Constraint(("哈尔滨",))]])
    processes = list(translator.searches.helper._pool._processes.values())
    assert processes and all(p.is_alive() for p in processes)
    del translator
    gc.collect()
    for process in processes:
        process.join(timeout=30)
    assert not any(p.is_alive() for p in processes)


def test_search_helper_ends_when_its_parent_is_killed(tiny_model):
    """A killed parent cannot stop its helper: the helper notices and exits by itself."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from workbench.engine import helper

    if not (helper.can_fork() and helper.cores() >= 2):
        pytest.skip("the search helper needs Linux and two cores")
    script = (
        "import sys, time\n"
        "from workbench.engine.base import Constraint\n"
        "from workbench.engine.scheduler import MarianTranslator\n"
        f"t = MarianTranslator({str(tiny_model)!r}, 'ru', 'zh', fast_path='off')\n"
        "t.translate(['Якутск.', 'Харбин.'], [[Constraint(('雅库茨克',))], [Constraint(('哈尔滨',))]])\n"
        "print(*[p.pid for p in t.searches.helper._pool._processes.values()], flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert pids
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # an exited child of init may linger as a zombie until reaped
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_search_helper_lets_go_of_the_servers_connections(tiny_model):
    """A connection the server closes ends for its browser although a helper was forked while it was open.

    The forked helper held copies of the web server's keep-alive connections: a connection the server
    closed stayed open, the browser sent its next request on it and a reloaded page hung.
    """
    import socket

    from workbench.engine import helper
    from workbench.engine.scheduler import MarianTranslator

    if not (helper.can_fork() and helper.cores() >= 2):
        pytest.skip("the search helper needs Linux and two cores")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        browser = socket.create_connection(listener.getsockname())
        server_side, _ = listener.accept()
        translator = MarianTranslator(str(tiny_model), "ru", "zh")
        try:
            translator.translate(["Якутск.", "Харбин."], [[Constraint(("雅库茨克",))], [Constraint(("哈尔滨",))]])
            assert isinstance(translator.searches.helper, helper.SearchHelper)
            server_side.close()  # the server ends an idle keep-alive connection
            browser.settimeout(10)
            assert browser.recv(1) == b""  # the browser sees the end (no helper holds it open)
        finally:
            browser.close()
            translator.close()


def test_hints_do_not_lengthen_the_token_budget(ru_zh):
    """The translation is of the sentence: the hints appended to it do not raise its budget."""
    from workbench.engine.hints import with_hints

    marian = ru_zh.marian
    hinted = with_hints("Делегация прибыла в Якутск.", ["雅库茨克", "黑河市人民政府"])
    assert marian.count_tokens(hinted) > marian.count_tokens("Делегация прибыла в Якутск.")
    assert marian.max_new_tokens(hinted) == marian.max_new_tokens("Делегация прибыла в Якутск.")


def test_a_model_on_disk_loads_without_a_progress_bar(tiny_model, capfd):
    from transformers.utils import logging as hf_logging

    from workbench.engine.checkpoint import load_checkpoint

    load_checkpoint(str(tiny_model), allow_pickle=False, device="cpu")
    err = capfd.readouterr().err
    assert "Loading weights" not in err and "sacremoses" not in err
    assert hf_logging.is_progress_bar_enabled()  # hub downloads keep their bars


def test_a_conversion_for_ctranslate2_prints_no_progress_bar(tiny_model, tmp_path, monkeypatch, capfd):
    pytest.importorskip("ctranslate2")
    from workbench.engine import ct2

    monkeypatch.setattr(ct2, "cache_dir", lambda: tmp_path)  # a fresh cache: the model is converted
    assert (ct2.converted_model(str(tiny_model)) / "model.bin").exists()
    err = capfd.readouterr().err
    assert "Loading weights" not in err and "sacremoses" not in err
