"""Constrained beam search (dynamic beam allocation) and the CTranslate2 fast path."""

from __future__ import annotations

import pytest

from workbench.engine.base import Constraint


@pytest.mark.parametrize("beams", [1, 2, 3, 4, 8])
def test_every_term_is_placed_at_every_beam_size(ru_zh, beams):
    terms = ("黑河", "雅库茨克", "黑河市人民政府", "景泉", "哈尔滨")
    sentences = ["Делегация города Хэйхэ прибыла в Якутск.", "Господин Цзин Цюань посетил Харбин."]
    constraints = [[Constraint((t,)) for t in terms[:3]], [Constraint((t,)) for t in terms[3:]]]
    hypotheses = ru_zh.translate(sentences, constraints, num_beams=beams)
    for hypothesis, wanted in zip(hypotheses, constraints):
        assert all(c.alternatives[0] in hypothesis.text for c in wanted), hypothesis.text
        assert hypothesis.met == [True] * len(wanted)


@pytest.mark.parametrize("beams", [2, 4])
def test_one_inflected_form_is_chosen_as_a_whole_word(zh_ru, beams):
    import re

    from workbench.morphology.russian import inflect_term

    forms = inflect_term("Якутская городская дума")
    [hypothesis] = zh_ru.translate(["雅库茨克市杜马签署了协议。"], [[Constraint(tuple(forms))]], num_beams=beams)
    assert hypothesis.met == [True]
    assert any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", hypothesis.text) for f in forms), hypothesis.text


def test_a_met_term_is_not_forced_twice(ru_zh):
    [hypothesis] = ru_zh.translate(["Хэйхэ."], [[Constraint(("黑河",)), Constraint(("黑河",))]], num_beams=4)
    assert hypothesis.met == [True, True]


def test_beam_state_machine_completes_or_drops_a_started_term():
    from workbench.engine.beam import Tracker
    from workbench.engine.constrained import ConstraintTrie

    trie = ConstraintTrie.from_sequences([[5, 6, 7], [5, 8]])
    tracker = Tracker([trie], eos_id=0, words=None)
    start = tracker.initial()
    entered = [s for s in tracker.transitions(start, 5, None, forced=False) if s.active]
    assert len(entered) == 1
    assert tracker.transitions(entered[0], 9, 5, forced=False) == []  # no half-written term
    assert not tracker.may_end(entered[0])
    [after] = tracker.transitions(entered[0], 8, 5, forced=False)
    assert after.met == (True,) and tracker.may_end(after)
    assert not tracker.may_end(start)


def test_fast_path_serves_plain_segments_with_the_same_result_type(ru_zh):
    from workbench.engine.base import Hypothesis

    hypotheses = ru_zh.translate(["Сотрудничество городов.", "Делегация."], num_beams=2)
    assert ru_zh.fast.decoder() is not None
    assert all(isinstance(h, Hypothesis) and h.text for h in hypotheses)


def test_fast_path_off_uses_transformers(tiny_model):
    from workbench.engine.scheduler import MarianTranslator

    translator = MarianTranslator(str(tiny_model), "ru", "zh", fast_path="off")
    [hypothesis] = translator.translate(["Сотрудничество городов."], num_beams=2)
    assert translator.fast.decoder() is None and hypothesis.text


def _walk(tracker, state, tail, tokens, position=0, enter=False):
    """Feed tokens as the beam search does (``enter``: into a term's trie where one starts)."""
    last = None
    for token in tokens:
        states = tracker.transitions(state, token, last, False, tail, position)
        if not states:
            return [], tail
        state = states[-1] if enter else states[0]
        tail, last, position = tracker.next_tail(tail, token), token, position + 1
    return [state], tail


def test_a_met_term_written_again_by_the_model_is_a_flaw():
    from workbench.engine.beam import Tracker
    from workbench.engine.constrained import ConstraintTrie, piece_table

    pieces = ["</s>", "<unk>", "x", "y", "z", "黑", "河", "黑河"]
    trie = ConstraintTrie.from_sequences([[5, 6]])
    trie.texts = ("黑河",)
    texts = piece_table({piece: i for i, piece in enumerate(pieces)})
    tracker = Tracker([trie], eos_id=0, words=None, piece_texts=texts)
    state = tracker.initial()
    [state] = [s for s in tracker.transitions(state, 5, None, False, "", 0) if s.active]
    [state] = tracker.transitions(state, 6, 5, False, "黑", 1)
    assert state.met == (True,) and state.uses == (1,)
    [state], tail = _walk(tracker, state, "黑河", [2], position=2)
    [again] = tracker.transitions(state, 7, 2, False, tail, 3)  # 黑河 again, in another spelling…
    [spelled] = tracker.transitions(state, 6, 5, False, tail + "黑", 4)  # …or in the trie's
    assert again.flaws == spelled.flaws == 1 and state.flaws == 0
    trie.count = 2  # the source has it twice: a second copy is fine
    [state] = tracker.transitions(state, 7, 2, False, tail, 3)
    assert state.uses == (2,)


def test_a_term_the_model_spells_in_other_pieces_meets_its_constraint():
    """«Россия» as ▁Рос+си+я is not in the trie (▁Росси+я), but it is the term: not forced again."""
    from workbench.engine.beam import Tracker
    from workbench.engine.constrained import ConstraintTrie, WordBoundaries, piece_table

    pieces = ["</s>", "<unk>", "▁Росси", "я", "▁Рос", "си", "▁в", "нин", "."]
    vocab = {piece: i for i, piece in enumerate(pieces)}
    trie = ConstraintTrie.from_sequences([[2, 3]])
    trie.texts = ("Россия", "России")
    tracker = Tracker([trie], eos_id=0, words=WordBoundaries.from_vocab(vocab), piece_texts=piece_table(vocab))
    [state], tail = _walk(tracker, tracker.initial(), "", [4, 5, 3])
    assert state.met == (False,)  # the word may go on: «Россиянин» is not the term
    [ended], _ = _walk(tracker, state, tail, [6], position=3)
    assert ended.met == (True,) and ended.uses == (1,)
    assert tracker.end_state(state, tail, 3).met == (True,)  # nor is it at the end of the sentence
    [longer], _ = _walk(tracker, state, tail, [7, 8], position=3)
    assert longer.met == (False,)
    # placed through the trie, the term is counted once, not again when its word ends
    [placed], tail = _walk(tracker, tracker.initial(), "", [2, 3], enter=True)
    assert placed.uses == (1,)
    [after], _ = _walk(tracker, placed, tail, [6], position=2)
    assert after.uses == (1,)


def test_a_term_in_the_wrong_letter_case_is_a_flaw():
    """«россия» mid-sentence is the term miscased: a flaw, and it does not meet the term."""
    from workbench.engine.beam import Tracker
    from workbench.engine.constrained import ConstraintTrie, WordBoundaries, piece_table

    pieces = ["</s>", "<unk>", "▁Россия", "▁россия", "▁в", "▁глава", "▁Глава", "▁ГЛАВА"]
    vocab = {piece: i for i, piece in enumerate(pieces)}
    russia, head = ConstraintTrie.from_sequences([[2]]), ConstraintTrie.from_sequences([[5]])
    russia.texts, head.texts = ("Россия",), ("глава",)
    tracker = Tracker([russia, head], eos_id=0, words=WordBoundaries.from_vocab(vocab),
                      piece_texts=piece_table(vocab))
    [state], tail = _walk(tracker, tracker.initial(), "", [3])
    [miscased], _ = _walk(tracker, state, tail, [4], position=1)  # its word ended: miscased
    assert miscased.flaws == 1 and miscased.met == (False, False)
    assert tracker.end_state(state, tail, 1) is None
    # a lower-case term capitalised at a sentence start is the term; shouting it is not
    [state], tail = _walk(tracker, tracker.initial(), "", [6])
    [ended], _ = _walk(tracker, state, tail, [4], position=1)
    assert ended.met == (False, True)
    [state], tail = _walk(tracker, tracker.initial(), "", [7])
    [shouted], _ = _walk(tracker, state, tail, [4], position=1)
    assert shouted.flaws == 1


def test_a_derived_word_meets_the_term_without_counting_as_a_copy():
    """«российской территории России»: the term once and its adjective, not the term twice."""
    from workbench.engine.beam import Tracker
    from workbench.engine.constrained import WordBoundaries, build_tries, piece_table

    pieces = ["</s>", "<unk>", "▁России", "▁российской", "▁территории", "▁в"]
    vocab = {piece: i for i, piece in enumerate(pieces)}

    class Pieces:  # a SentencePiece stand-in: one piece per word
        def encode(self, text, out_type=str):
            return ["\u2581" + word for word in text.split()]

    words = WordBoundaries.from_vocab(vocab)
    [russia] = build_tries([Constraint(("России", "российской"), accepted=("российской",))], Pieces(), vocab)
    assert list(russia.root.children) == [2]  # the derived word is never forced
    tracker = Tracker([russia], eos_id=0, words=words, piece_texts=piece_table(vocab))
    # the model writes both by itself: the spotter sees the adjective, then the name
    [state], tail = _walk(tracker, tracker.initial(), "", [3, 4])
    assert state.met == (True,) and state.uses == (0,)
    [state], tail = _walk(tracker, state, tail, [2, 5], position=2)
    assert state.uses == (1,) and tracker.end_state(state, tail, 4) is not None
    # a second «России» is still one copy too many
    [twice], _ = _walk(tracker, state, tail, [2, 5], position=4)
    assert twice.flaws == 1


def test_spotter_reports_letter_case():
    from workbench.engine.constrained import ConstraintTrie, TermSpotter, WordBoundaries, piece_table

    pieces = ["</s>", "<unk>", "▁Мэр", "▁мэр", "▁в"]
    vocab = {piece: i for i, piece in enumerate(pieces)}
    trie = ConstraintTrie.from_sequences([[2], [3]])
    trie.texts = ("мэр", "Мэр")  # two spellings: the exact one is reported
    spotter = TermSpotter([trie], piece_table(vocab), WordBoundaries.from_vocab(vocab))
    assert spotter.spot(" Мэр") == (0, True, False) and spotter.spot(" мэр") == (0, True, False)
    assert spotter.spot(" МЭР") == (0, False, False)
    assert spotter.completes(" МЭР", 4) == (0, True, False, False)


@pytest.mark.parametrize("text,alternatives,lang,count,expected", [
    ("Делегация прибыла в Якутск.", ("Якутск", "Якутске"), "ru", 1, True),
    ("Делегация прибыла в Якутскую область.", ("Якутск",), "ru", 1, False),  # not a whole word
    ("Якутия-Якутск", ("Якутск",), "ru", 1, False),  # glued by a hyphen
    ("Якутск и снова Якутск", ("Якутск",), "ru", 1, False),  # more often than the source
    ("Якутск и снова Якутск", ("Якутск",), "ru", 2, True),
    ("代表团访问了黑河市。", ("黑河",), "zh", 1, True),
    ("代表团访问了哈尔滨。", ("黑河",), "zh", 1, False),
    ("Российской территории России ничто не грозит.", ("России", "российской"), "ru", 1, True),
    ("Российские власти.", ("России", "российские"), "ru", 1, True),  # capitalised at the start
    ("России и снова России.", ("России", "российской"), "ru", 1, False),
])
def test_a_finished_translation_is_checked_against_its_constraints(text, alternatives, lang, count, expected):
    from workbench.engine.check import satisfies

    derived = tuple(a for a in alternatives if a.islower())
    assert satisfies(text, [Constraint(alternatives, count=count, accepted=derived)], lang) is expected


def test_repetition_penalty_matches_transformers_processor():
    import torch
    from transformers.generation.logits_process import RepetitionPenaltyLogitsProcessor

    from workbench.engine.beam import RepetitionPenalty

    logits = torch.tensor([[2.0, -1.0, 0.5, 3.0], [1.0, 1.0, -2.0, 0.0]])
    history = torch.tensor([[0, 1], [2, 2]])
    expected = RepetitionPenaltyLogitsProcessor(1.3)(history, logits.clone())
    seen = RepetitionPenalty(1.3, 2, 4, "cpu")
    seen.advance(None, history[:, :1])
    seen.advance(torch.tensor([0, 1]), history[:, 1:])
    assert torch.allclose(seen.apply(logits.clone()), expected)
    assert RepetitionPenalty(1.0, 2, 4, "cpu").apply(logits) is logits


def test_penalised_greedy_without_terms_equals_generate(tiny_model):
    """Our decoder applies the penalty exactly as ``generate(repetition_penalty=…)`` does."""
    import torch

    from workbench.engine.constrained import constrained_greedy
    from workbench.engine.scheduler import MarianTranslator

    translator = MarianTranslator(str(tiny_model), "ru", "zh", fast_path="off")
    batch = translator.marian.encode(["Делегация города Хэйхэ прибыла в Якутск."])
    with torch.inference_mode():
        reference = translator.marian.model.generate(**batch, num_beams=1, do_sample=False, max_new_tokens=20,
                                              repetition_penalty=1.5, bad_words_ids=[[i] for i in translator.marian.banned_ids],
                                              max_length=None)[0].tolist()[1:]
    [state] = constrained_greedy(translator.marian.model, batch["input_ids"], batch["attention_mask"], [[]], [20],
                                 translator.marian.banned_ids, repetition_penalty=1.5)
    # generate() forces </s> at its last step (forced_eos_token_id); compare the steps before
    assert len(state.tokens) >= 19 and state.tokens[:19] == reference[:19]


def test_the_models_decoding_defaults_reach_every_decoder(tiny_model, tmp_path):
    import json
    import shutil

    from workbench.engine.scheduler import MarianTranslator

    model = tmp_path / "penalised"
    shutil.copytree(tiny_model, model)
    config = json.loads((model / "generation_config.json").read_text(encoding="utf-8"))
    config["repetition_penalty"] = 1.4
    config["length_penalty"] = 1.5
    (model / "generation_config.json").write_text(json.dumps(config), encoding="utf-8")
    translator = MarianTranslator(str(model), "ru", "zh")
    assert translator.marian.repetition_penalty == 1.4
    assert translator.fast.decoder().repetition_penalty == 1.4
    assert translator.marian.length_penalty == translator.fast.decoder().length_penalty == 1.5
    assert translator.marian.model.generation_config.length_penalty == 1.5  # generate() reads it itself
    [hypothesis] = translator.translate(["Хэйхэ и Якутск."], [[Constraint(("黑河",))]], num_beams=2)
    assert "黑河" in hypothesis.text


def test_an_ending_forced_by_the_budget_is_marked_incomplete(ru_zh):
    """No silent truncation: a hypothesis the budget ended is flagged, its terms still placed.

    Where the budget was only the model's own length, under a higher ceiling,
    the search goes on past it instead.
    """
    from workbench.engine.beam import constrained_beam_search
    from workbench.engine.constrained import build_tries

    sp, vocab = ru_zh.marian.tokenizer.spm_target, ru_zh.marian.vocab
    tries = build_tries([Constraint(("黑河",))], sp, vocab, spaced=False)
    batch = ru_zh.marian.encode(["Делегация города Хэйхэ прибыла в Якутск и провела долгие переговоры."])
    budget = tries[0].max_length + 2
    [result] = constrained_beam_search(ru_zh.marian.model, batch["input_ids"], batch["attention_mask"], [tries],
                                       [budget], ru_zh.marian.banned_ids, num_beams=4)
    assert result.met == [True]
    assert "黑河" in ru_zh.marian.decode(result.tokens)
    assert len(result.tokens) <= budget
    assert result.complete is False
    [lifted] = constrained_beam_search(ru_zh.marian.model, batch["input_ids"], batch["attention_mask"], [tries],
                                       [budget], ru_zh.marian.banned_ids, num_beams=4,
                                       hard_limit=ru_zh.marian.max_target_tokens, ceilings=[ru_zh.marian.max_target_tokens])
    assert lifted.met == [True] and len(lifted.tokens) > budget


@pytest.mark.parametrize("beams", [1, 4])
def test_a_budget_too_short_for_the_terms_is_extended_not_obeyed(ru_zh, beams):
    """Only the model's hard limit may cost a term: a budget shorter than the terms is stretched.

    Beam allocation can drop the hypotheses that would have fitted the budget; the
    search then gives the nearest one the tokens it needs, and marks the output
    incomplete.
    """
    from workbench.engine.beam import constrained_beam_search
    from workbench.engine.constrained import build_tries

    terms = ("黑河市人民政府", "雅库茨克", "哈尔滨")
    sp, vocab = ru_zh.marian.tokenizer.spm_target, ru_zh.marian.vocab
    tries = build_tries([Constraint((t,)) for t in terms], sp, vocab, spaced=False)
    batch = ru_zh.marian.encode(["Правительство Хэйхэ, Якутск и Харбин."])
    [result] = constrained_beam_search(ru_zh.marian.model, batch["input_ids"], batch["attention_mask"], [tries],
                                       [1], ru_zh.marian.banned_ids, num_beams=beams, hard_limit=100)
    text = ru_zh.marian.decode(result.tokens)
    assert result.met == [True, True, True]
    assert all(term in text for term in terms), text
    assert result.complete is False


def test_a_budget_from_the_models_length_is_lifted_once_unless_the_best_translation_ended_in_it():
    """A forced term can take the model past its own length: the search goes on to the ceiling, once.

    It stops at the budget only where a translation the model ended scores at
    least as well as every open one would if it ended now (its ``</s>`` counted):
    otherwise the budget would pick a short translation for being short.
    """
    from workbench.engine.beam import Hyp, Tracker, _Search

    tracker = Tracker([], eos_id=0, words=None)
    state = tracker.initial()
    search = _Search([tracker, tracker], 2, [5, 5], 0, 1.0, [], 50)
    search.ceilings = [30, 5]
    search.finished[0] = [Hyp([5, 6, 0], -1.0, state, cut=True)]
    assert search._lift_bound(0) and search.limits[0] == 30
    assert not search._lift_bound(0)  # once
    assert not search._lift_bound(1)  # no room above the budget

    def at_budget(ended: float, open_: float) -> _Search:
        search = _Search([tracker], 2, [5], 0, 1.0, [], 50, ceilings=[30])
        search.finished[0] = [Hyp([5, 6, 0], ended, state)]  # normalised: ended / 3
        search.alive[0] = [Hyp([5, 6, 7, 8], open_, state)]  # as if ended: open_ / 5
        return search

    stands = at_budget(-0.9, -2.0)  # -0.30 against -0.40: the model ended the best one
    assert not stands._lift_bound(0) and stands.limits[0] == 5
    lifted = at_budget(-0.9, -1.0)  # -0.30 against -0.20: a longer one scores better
    assert lifted._lift_bound(0) and lifted.limits[0] == 30
    cut = at_budget(-0.3, -2.0)  # an ending the budget cut does not stop it
    cut.finished[0][0].cut = True
    assert cut._lift_bound(0)


@pytest.mark.parametrize("ceiling, steps", [(None, 3), (3, 3), (6, 6)])
def test_a_greedy_row_at_its_budget_goes_on_once_to_its_ceiling(ceiling, steps):
    """Greedy, as the beam search: a budget that was the model's own length is lifted once, to the ceiling."""
    import torch

    from workbench.engine.constrained import RowState

    row = RowState([], 3, eos_id=0, hard_limit=50, ceiling=ceiling)
    logp = torch.log_softmax(torch.tensor([0.0, 5.0, 1.0]), dim=-1)  # the model never ends it
    taken = 0
    while not row.done:
        row.step(logp)
        taken += 1
    assert taken == steps and row.complete is False


def test_a_translation_the_model_ended_beats_one_the_budget_cut():
    from workbench.engine.beam import Hyp, Tracker, _Search

    tracker = Tracker([], eos_id=0, words=None)
    search = _Search([tracker], 2, [10], 0, 1.0, [], 10)
    state = tracker.initial()
    # the cut one scores better per token, but the model did not choose to end it there
    search.finished[0] = [Hyp([5, 6, 0], -1.0, state, cut=True), Hyp([5, 7, 8, 9, 0], -4.0, state)]
    [result] = search.results()
    assert result.tokens == [5, 7, 8, 9] and result.complete


def test_deadlines_follow_the_source_position_of_each_term():
    from workbench.engine.constrained import DEADLINE_SLACK, ConstraintTrie, set_deadlines

    source = "Делегация города Хэйхэ прибыла в Якутск."
    constraints = [Constraint(("黑河",), source="Хэйхэ"), Constraint(("雅库茨克",), source="Якутск"),
                   Constraint(("哈尔滨",), source="Харбин")]
    tries = [ConstraintTrie.from_sequences([[5]]) for _ in constraints]
    set_deadlines(tries, constraints, source, 0.25, "zh")
    slack = DEADLINE_SLACK["zh"]
    assert tries[0].deadline == int(source.index("Хэйхэ") * 0.25) + slack
    assert tries[1].deadline == int(source.index("Якутск") * 0.25) + slack
    assert tries[2].deadline is None  # not in this piece (another piece of a split sentence)
    unknown = [ConstraintTrie.from_sequences([[5]])]
    set_deadlines(unknown, constraints[:1], source, None, "zh")  # a language pair not measured
    assert unknown[0].deadline is None


@pytest.mark.parametrize("beams", [1, 4])
def test_a_term_starts_by_its_deadline(ru_zh, beams):
    """The random model would put 景泉 anywhere (mostly last); its source is the first word."""
    from workbench.pipeline import Pipeline
    from workbench.glossary.model import Glossary, Term

    longest_piece = max(len(text) for text in ru_zh.marian.piece_texts)
    glossary = Glossary([Term(ru="Цзин Цюань", zh="景泉"), Term(ru="Харбин", zh="哈尔滨")])
    sentence = "Цзин Цюань рассказал о сотрудничестве городов, о туризме, об образовании и посетил Харбин."
    [result] = Pipeline(ru_zh, glossary, num_beams=beams).translate_sentences([sentence])
    assert all(t.present for t in result.terms), result.output
    assert 0 <= result.output.find("景泉") < 2 + longest_piece, result.output


def test_a_flawed_hypothesis_only_lives_where_no_sound_one_can():
    """Flawed candidates take no bank's share; the result prefers a sound ending."""
    from workbench.engine.beam import FLAW_PENALTY, Hyp, State, _Search, Tracker

    tracker = Tracker([None], eos_id=0, words=None)
    search = _Search([tracker], 2, [10], 0, 1.0, [], 10)
    sound, flawed = State((True,)), State((True,), flaws=1)
    chosen = search._choose([(-1.0 - FLAW_PENALTY, 0, 5, flawed), (-3.0, 1, 6, sound)], 0)
    assert [c[3] for c in chosen] == [sound, flawed]  # kept, but after the sound one
    search.finished[0] = [Hyp([5, 0], -0.5, flawed), Hyp([6, 7, 0], -9.0, sound)]
    [result] = search.results()
    assert result.tokens == [6, 7]


def test_a_term_that_opens_its_source_sentence_opens_the_translation():
    """Deadline 0 for a term with nothing but opening marks before it; the others keep the slack."""
    from workbench.engine.base import Constraint
    from workbench.engine.constrained import DEADLINE_SLACK, ConstraintTrie, set_deadlines

    source = "«Евгений Григорьев встретился с Цзин Цюанем в Якутске»"
    constraints = [Constraint(alternatives=["叶夫根尼·格里戈里耶夫"], source="Евгений Григорьев"),
                   Constraint(alternatives=["景泉"], source="Цзин Цюанем"),
                   Constraint(alternatives=["雅库茨克"], source="Якутске")]
    tries = [ConstraintTrie.from_sequences([[1, 2]]) for _ in constraints]
    set_deadlines(tries, constraints, source, 0.5, "zh")
    slack = DEADLINE_SLACK["zh"]
    assert [t.deadline for t in tries] == [0, int(source.index("Цзин") * 0.5) + slack,
                                           int(source.index("Якутске") * 0.5) + slack]


def test_a_stray_piece_costs_once_when_it_can_no_longer_become_a_word():
    from workbench.engine.constrained import NonWords

    pieces = [" Возни", "ке", " Китая", " объединенн", "ых", ",", " октя", " КНР", " Wi", "-Fi", " 2024", " Цзин", " Цюаня"]
    nonwords = NonWords(["Цзин Цюань", "Цзин Цюаня"], pieces, penalty=2.0)

    def write(ids):
        state, costs = "", []
        for i in ids:
            state, cost = nonwords.after(state, i)
            costs.append(cost)
        return state, costs

    assert write([0, 1, 2]) == ("Китая", [0.0, 2.0, 0.0])  # «Вознике» leaves the dictionary at «ке», once
    assert write([3, 4, 5]) == ("", [0.0, 0.0, 0.0])  # the dictionary writes «объединённых»
    state, costs = write([6, 5])
    assert costs == [0.0, 2.0]  # «октя» starts words but ends here
    assert write([6])[0] == "октя" and nonwords.at_end("октя") == 2.0
    assert write([7, 8, 9, 10, 11, 12, 5]) == ("", [0.0] * 7)  # abbreviations, Latin, numbers, glossary words
    assert nonwords.at_end(write([0, 1])[0]) == 0.0  # charged already


def test_a_chinese_term_after_a_lone_rare_character_costs():
    from workbench.engine.constrained import LoneCharacters

    lone = LoneCharacters(penalty=2.0)
    assert lone.before_term("取得了。希") == 2.0  # the start of a word the term cut short
    assert lone.before_term("代表团在") == 0.0  # a word of its own
    assert lone.before_term("") == 0.0 and lone.before_term("他说：") == 0.0
    assert lone.after_term("代表团访问了雅库茨克", "斯坦") == 2.0  # «Якутскстан»
    assert lone.after_term("代表团见了景泉", "源。") == 2.0  # 泉源 takes the term's last character
    assert lone.after_term("代表团访问了黑河", "市") == 0.0  # 黑河市: the glossary's own variant
    assert lone.after_term("代表团访问了雅库茨克", "的") == 0.0
