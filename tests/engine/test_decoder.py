"""The step decoder of our beam searches against transformers' own forward pass."""

import pytest

torch = pytest.importorskip("torch")


def _encode(translator, sentences):
    batch = translator.marian.encode(sentences)
    with torch.inference_mode():
        hidden = translator.marian.model.get_encoder()(**batch).last_hidden_state
    return hidden, batch["attention_mask"]


def _run(decoder, tokens, parents, keeps):
    """Logits of every step, with the reorders and sentence drops a search makes."""
    outputs = []
    with torch.inference_mode():
        for step, column in enumerate(tokens.T):
            column = column[: decoder_rows(decoder)]
            outputs.append(decoder.step(column).clone())
            decoder.reorder(parents[step][: decoder_rows(decoder)])
            if step in keeps:
                decoder.keep(keeps[step])
    return outputs


def decoder_rows(decoder):
    return decoder.mask.shape[0] if hasattr(decoder, "mask") else decoder.cross_mask.shape[0] * decoder.beam


@pytest.mark.parametrize("beam", [1, 3])
def test_incremental_decoder_equals_transformers(ru_zh, beam):
    """Same logits as ``model(...)`` with its cache, through reorders and dropped sentences."""
    from workbench.engine.decoder import IncrementalDecoder, TransformersDecoder

    sentences = ["Мэр Якутска встретился с делегацией.", "Хэйхэ", "Город Хэйхэ и город Якутск — побратимы."]
    hidden, mask = _encode(ru_zh, sentences)
    rows = len(sentences) * beam
    generator = torch.Generator().manual_seed(0)
    tokens = torch.randint(3, 200, (rows, 6), generator=generator)
    # each row continues a row of its own sentence, as in beam search
    parents = [torch.arange(rows) // beam * beam + torch.randint(0, beam, (rows,), generator=generator)
               for _ in range(6)]
    # after step 2 the middle sentence is done: rows of sentences 0 and 2 remain
    keeps = {2: torch.tensor([0, 2])}
    parents = [p if step <= 2 else _renumbered(p, beam) for step, p in enumerate(parents)]
    ours = _run(IncrementalDecoder(ru_zh.marian.model, hidden, mask, beam), tokens, parents, keeps)
    theirs = _run(TransformersDecoder(ru_zh.marian.model, hidden, mask, beam), tokens, parents, keeps)
    assert [o.shape for o in ours] == [t.shape for t in theirs]
    assert ours[-1].shape[0] == 2 * beam
    for mine, reference in zip(ours, theirs):
        assert torch.allclose(mine, reference, atol=1e-4)


def _renumbered(parents, beam):
    """Parents for two sentences left: rows 0..2*beam-1, each within its own sentence."""
    rows = 2 * beam
    return torch.arange(rows) // beam * beam + parents[:rows] % beam


def test_quantized_decoder_stays_close(ru_zh):
    """int8 layers: logits within a few hundredths, the same best token almost everywhere."""
    from workbench.engine.decoder import IncrementalDecoder

    hidden, mask = _encode(ru_zh, ["Мэр Якутска встретился с делегацией города Хэйхэ."])
    tokens = torch.randint(3, 200, (1, 8), generator=torch.Generator().manual_seed(1))
    parents = [torch.zeros(1, dtype=torch.long)] * 8
    exact = _run(IncrementalDecoder(ru_zh.marian.model, hidden, mask, 1), tokens, parents, {})
    quick = _run(IncrementalDecoder(ru_zh.marian.model, hidden, mask, 1, quantize=True), tokens, parents, {})
    for a, b in zip(exact, quick):
        assert (a - b).abs().max() < 0.25 * a.abs().max()
    agree = sum(int(a.argmax() == b.argmax()) for a, b in zip(exact, quick))
    assert agree >= 6


def test_prepared_weights_follow_training(ru_zh):
    """Weights changed in place (a training step) are picked up: no stale copy decodes."""
    from workbench.engine.decoder import prepared_weights

    model = ru_zh.marian.model
    first = prepared_weights(model, False)
    assert prepared_weights(model, False) is first
    weight = model.model.decoder.layers[0].fc1.weight
    with torch.no_grad():
        weight.add_(0.0)
    assert prepared_weights(model, False) is not first


def test_encoding_in_length_groups_equals_one_padded_batch(ru_zh):
    """Sentences of very different lengths encoded in groups: the same states where a sentence has tokens."""
    from workbench.engine.decoder import encode, length_groups

    sentences = ["Хэйхэ", "Мэр Якутска встретился с делегацией.",
                 "Город Хэйхэ и город Якутск — побратимы, и в 2025 году исполняется десять лет с момента "
                 "подписания договора о побратимстве между городами."]
    batch = ru_zh.marian.encode(sentences)
    lengths = batch["attention_mask"].sum(dim=1).tolist()
    assert len(length_groups(lengths)) == 3
    with torch.inference_mode():
        whole = ru_zh.marian.model.get_encoder()(**batch).last_hidden_state
        grouped = encode(ru_zh.marian.model, batch["input_ids"], batch["attention_mask"])
    assert grouped.shape == whole.shape
    for row, length in enumerate(lengths):
        assert torch.allclose(grouped[row, :length], whole[row, :length], atol=1e-4)
        assert not grouped[row, length:].any()  # padding: zeros, masked by the decoders


def test_length_groups_bound_the_padding():
    from workbench.engine.decoder import length_groups

    groups = length_groups([40, 10, 12, 100, 41, 11])
    assert sorted(i for g in groups for i in g) == list(range(6))
    assert groups == [[1, 5, 2], [0, 4], [3]]


def test_the_start_token_reads_its_trained_embedding_row(ru_zh):
    """A <pad> row that training moved is read, as transformers (and so training) reads it.

    (The fast path's conversion folds the same row in: test_shipped_model.)
    """
    import copy

    from workbench.engine.decoder import IncrementalDecoder, TransformersDecoder

    sentences = ["Мэр Якутска встретился с делегацией.", "Хэйхэ"]
    hidden, mask = _encode(ru_zh, sentences)
    start = ru_zh.marian.model.config.decoder_start_token_id
    trained = copy.deepcopy(ru_zh.marian.model)  # a checkpoint whose <pad> embedding training moved
    with torch.no_grad():
        trained.get_decoder().embed_tokens.weight[start] = torch.randn(trained.config.d_model)
    zeroed = copy.deepcopy(trained)
    with torch.no_grad():
        zeroed.get_decoder().embed_tokens.weight[start] = 0.0
    tokens = torch.tensor([[start, 5, 7], [start, 9, 11]])
    parents = [torch.arange(2)] * 3
    ours = _run(IncrementalDecoder(trained, hidden, mask, 1), tokens, parents, {})
    theirs = _run(TransformersDecoder(trained, hidden, mask, 1), tokens, parents, {})
    from_zero = _run(TransformersDecoder(zeroed, hidden, mask, 1), tokens, parents, {})
    others = torch.arange(ours[0].shape[1]) != start  # <pad>'s own logit (tied weights) is never a candidate
    for mine, reference in zip(ours, theirs):
        assert torch.allclose(mine[:, others], reference[:, others], atol=1e-4)
    assert not torch.allclose(ours[0][:, others], from_zero[0][:, others], atol=1e-2)
