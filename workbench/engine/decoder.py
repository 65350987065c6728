"""Marian's decoder one token at a time, for our own beam searches.

``model(decoder_input_ids=..., cache=...)`` in transformers rebuilds masks, cache
objects and output records at every step. :class:`IncrementalDecoder` runs the
same layers on the same weights with less around them (in fp32 a step of the
shipped model is about 16 % faster; with int8 about 1.4× on a whole search):

* the self-attention's query, key and value projections are one matrix product;
* the cross-attention keys and values are computed once per *sentence*, not per
  beam row, and every beam row of a sentence reads them (the beams of a sentence
  differ only in what they have written);
* with ``quantize=True`` (CPU) every linear layer (and the encoder's, see
  :func:`encode`) runs as a dynamic int8 product with per-channel weight
  scales, as CTranslate2's int8 does: the output layer, the largest product
  of a step, is twice as fast, and small products escape MKL's slow fp32
  kernels for a few rows on this AMD CPU.

:class:`TransformersDecoder` is the same interface over ``model(...)``: the
fallback for checkpoints that are not plain Marian, and the reference the
tests compare against.
"""

from __future__ import annotations

import warnings
import weakref


def encode(model, input_ids, attention_mask, *, quantize: bool = False):
    """The encoder's output, with int8 linear layers when ``quantize`` (a copy, made once per model).

    Sentences of similar length are encoded together (see :func:`length_groups`)
    and their outputs padded back to the batch's width: a batch sorted by length
    can still span 47 to 172 tokens, and padding every sentence to the longest
    doubled the encoder's work on the sample press release. Padded positions
    hold zeros; the decoders mask them.
    """
    import torch

    encoder = prepared_weights(model, quantize).encoder if quantize else model.get_encoder()
    lengths = attention_mask.sum(dim=1)
    right_padded = bool((attention_mask.bool() == (torch.arange(attention_mask.shape[1], device=lengths.device)
                                                   < lengths[:, None])).all())
    lengths = lengths.tolist()
    groups = length_groups(lengths) if right_padded else [list(range(len(lengths)))]
    if len(groups) == 1:
        return encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    hidden = None
    for group in groups:
        width = max(lengths[i] for i in group)
        rows = torch.tensor(group, dtype=torch.long, device=input_ids.device)
        part = encoder(input_ids=input_ids[rows, :width],
                       attention_mask=attention_mask[rows, :width]).last_hidden_state
        if hidden is None:
            hidden = part.new_zeros((input_ids.shape[0], input_ids.shape[1], part.shape[-1]))
        hidden[rows, :width] = part
    return hidden


def length_groups(lengths, waste: float = 1.25) -> list[list[int]]:
    """Indices of ``lengths`` in groups whose longest is at most ``waste`` times their shortest.

    Each group costs one encoder call (a millisecond or two of overhead on a
    CPU), each padded position as much as a real one.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for index in order:
        if groups and lengths[index] <= waste * max(1, lengths[groups[-1][0]]):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def incremental_decoder(model, encoder_hidden, encoder_mask, beam: int, *, quantize: bool = False):
    """The fastest step decoder this model allows (see the module docstring)."""
    if type(model).__name__ == "MarianMTModel":
        return IncrementalDecoder(model, encoder_hidden, encoder_mask, beam, quantize=quantize)
    return TransformersDecoder(model, encoder_hidden, encoder_mask, beam)


class TransformersDecoder:
    """One step of ``model(...)`` with its cache: ``step``, ``reorder`` and ``keep`` as below."""

    def __init__(self, model, encoder_hidden, encoder_mask, beam: int):
        from transformers.modeling_outputs import BaseModelOutput

        self.model = model
        self.encoder = BaseModelOutput(last_hidden_state=encoder_hidden.repeat_interleave(beam, dim=0))
        self.mask = encoder_mask.repeat_interleave(beam, dim=0)
        self.beam = beam
        self.cache = None

    def step(self, tokens):
        out = self.model(encoder_outputs=self.encoder, attention_mask=self.mask,
                         decoder_input_ids=tokens.view(-1, 1), cache=self.cache, use_cache=True)
        self.cache = out.cache
        return out.logits[:, -1].float()

    def reorder(self, rows) -> None:
        self.cache.self_attention_cache.reorder_cache(rows)

    def keep(self, sentences) -> None:
        rows = beam_rows(sentences, self.beam)
        self.cache.batch_select_indices(rows)
        self.encoder.last_hidden_state = self.encoder.last_hidden_state[rows]
        self.mask = self.mask[rows]


class IncrementalDecoder:
    """Marian's decoder layers as plain tensor operations over a growing key/value cache.

    Rows are ``beam`` consecutive rows per sentence. ``step`` takes each row's last
    token and returns its next-token logits; ``reorder`` makes row ``i`` continue
    row ``rows[i]`` (always a row of the same sentence); ``keep`` drops the
    sentences not listed.
    """

    def __init__(self, model, encoder_hidden, encoder_mask, beam: int, *, quantize: bool = False):
        import torch

        weights = prepared_weights(model, quantize)
        self.beam = beam
        self.heads = weights.heads
        self.width = weights.width
        self.head_dim = self.width // self.heads
        self.weights = weights
        self.layers = weights.layers
        self.output = weights.output
        self.activation = weights.activation
        sentences, length, _ = encoder_hidden.shape
        self.cross = []  # per layer: keys and values, (sentence, head, source, head_dim)
        with torch.no_grad():
            for layer in model.model.decoder.layers:
                attention = layer.encoder_attn
                keys = attention.k_proj(encoder_hidden).view(sentences, length, self.heads, self.head_dim)
                values = attention.v_proj(encoder_hidden).view(sentences, length, self.heads, self.head_dim)
                self.cross.append((keys.transpose(1, 2).contiguous(), values.transpose(1, 2).contiguous()))
        self.cross_mask = torch.zeros((sentences, 1, 1, length), dtype=encoder_hidden.dtype,
                                      device=encoder_hidden.device)
        self.cross_mask.masked_fill_(encoder_mask[:, None, None, :] == 0, float("-inf"))
        self.past: list[tuple | None] = [None] * len(self.layers)
        self.parents = None  # the pending reorder of the cache's rows (see reorder)
        self.position = 0

    def step(self, tokens):
        import torch

        rows = tokens.shape[0]
        sentences = rows // self.beam
        x = torch.nn.functional.embedding(tokens.view(-1), self.weights.embed) * self.weights.embed_scale
        x = x + self.weights.positions[self.position]
        for number, layer in enumerate(self.layers):
            q, k, v = layer.qkv(x).view(rows, 3, self.heads, 1, self.head_dim).unbind(1)
            if self.past[number] is not None:
                k = _append(self.past[number][0], k, self.parents)
                v = _append(self.past[number][1], v, self.parents)
            self.past[number] = (k, v)
            attended = torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v
            x = layer.norm_self(x + layer.out_self(attended.view(rows, self.width)))
            # cross-attention: the beam rows of a sentence share its keys and values
            q = layer.query_cross(x).view(sentences, self.beam, self.heads, self.head_dim).transpose(1, 2)
            keys, values = self.cross[number]
            weights = torch.softmax(q @ keys.transpose(-1, -2) + self.cross_mask, dim=-1)
            attended = (weights @ values).transpose(1, 2).reshape(rows, self.width)
            x = layer.norm_cross(x + layer.out_cross(attended))
            x = layer.norm_final(x + layer.fc2(self.activation(layer.fc1(x))))
        self.position += 1
        self.parents = None
        return self.output(x)

    def reorder(self, rows) -> None:
        """Row ``i`` continues row ``rows[i]``: noted here, applied by the next step's cache copy."""
        self.parents = rows if self.parents is None else self.parents.index_select(0, rows)

    def keep(self, sentences) -> None:
        self.reorder(beam_rows(sentences, self.beam))
        self.cross = [(k.index_select(0, sentences), v.index_select(0, sentences)) for k, v in self.cross]
        self.cross_mask = self.cross_mask.index_select(0, sentences)


def _append(past, new, parents):
    """``past`` with its rows picked by ``parents`` (None: all, in order) and ``new`` appended.

    One copy into a fresh contiguous buffer: reordering the cache and then
    concatenating the new step copied it twice (a tenth of a constrained search).
    """
    import torch

    rows, heads, length, size = new.shape[0], past.shape[1], past.shape[2], past.shape[3]
    cache = past.new_empty((rows, heads, length + 1, size))
    if parents is None:
        cache[:, :, :length].copy_(past)
    else:
        torch.index_select(past, 0, parents, out=cache[:, :, :length])
    cache[:, :, length:].copy_(new)
    return cache


class _Weights:
    """The decoder's weights rearranged for :class:`IncrementalDecoder` (built once per model)."""

    def __init__(self, model, quantize: bool):
        decoder = model.model.decoder
        config = model.config
        self.heads = config.decoder_attention_heads
        self.width = config.d_model
        self.embed = decoder.embed_tokens.weight.detach()
        self.embed_scale = decoder.embed_scale
        # The decoder starts from <pad>'s embedding row, as in training (zero in OPUS-MT
        # checkpoints, norm 0.2 in the shipped model); the fast path's conversion folds the
        # same row in (ct2.fold_start_row), so the two engines decode one function.
        self.positions = decoder.embed_positions.weight.detach()
        self.activation = decoder.layers[0].activation_fn
        linear = _quantized_linear if quantize else _linear
        self.output = linear(model.lm_head.weight, model.final_logits_bias.view(-1))
        self.layers = [_Layer(layer, linear) for layer in decoder.layers]
        self.encoder = _quantized_encoder(model.get_encoder()) if quantize else None


_PREPARED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def prepared_weights(model, quantize: bool) -> _Weights:
    """Prepared weights of ``model``, cached: quantizing them takes a second, a step milliseconds.

    Rebuilt when any parameter changed since (training steps bump a tensor's version).
    """
    prepared = _PREPARED.setdefault(model, {})
    version = tuple((p.data_ptr(), p._version) for p in model.parameters())
    cached = prepared.get(quantize)
    if cached is None or cached[0] != version:
        import torch

        with torch.no_grad():
            cached = prepared[quantize] = (version, _Weights(model, quantize))
    return cached[1]


class _Layer:
    """One decoder layer's weights, as callables (post-norm, as Marian is)."""

    def __init__(self, layer, linear):
        import torch

        mine, cross = layer.self_attn, layer.encoder_attn
        # the attention scale folded into the query projection: one multiplication less per step
        weight = torch.cat((mine.q_proj.weight * mine.scaling, mine.k_proj.weight, mine.v_proj.weight))
        bias = torch.cat((mine.q_proj.bias * mine.scaling, mine.k_proj.bias, mine.v_proj.bias))
        self.qkv = linear(weight, bias)
        self.out_self = linear(mine.out_proj.weight, mine.out_proj.bias)
        self.query_cross = linear(cross.q_proj.weight * cross.scaling, cross.q_proj.bias * cross.scaling)
        self.out_cross = linear(cross.out_proj.weight, cross.out_proj.bias)
        self.fc1 = linear(layer.fc1.weight, layer.fc1.bias)
        self.fc2 = linear(layer.fc2.weight, layer.fc2.bias)
        self.norm_self = layer.self_attn_layer_norm
        self.norm_cross = layer.encoder_attn_layer_norm
        self.norm_final = layer.final_layer_norm


def _linear(weight, bias):
    import torch

    weight, bias = weight.detach(), bias.detach()
    return lambda x: torch.nn.functional.linear(x, weight, bias)


def _quantized_linear(weight, bias):
    """A dynamic int8 linear layer (per-output-channel weight scales), called without its module.

    Every product of a step is int8, as in CTranslate2: on the 2-core AVX2 CPU this
    project is measured on, MKL's fp32 products of a few dozen rows are slow (a
    4-row 1024 → 256 product took 0.41 ms in fp32 against 0.09 ms in int8), and a
    whole step of the shipped model was 15-25 % faster than with the d × d and
    4d → d products left in fp32.
    """
    import torch

    layer = torch.nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    module = _int8(torch.nn.Sequential(layer))[0]
    packed = module._packed_params._packed_params
    product = torch.ops.quantized.linear_dynamic
    # what the module's forward calls (reduce_range as in its version 4), minus the module
    return lambda x: product(x, packed, True)


def _quantized_encoder(encoder):
    """A copy of the encoder whose linear layers are dynamic int8 (per-channel weights)."""
    import copy

    return _int8(copy.deepcopy(encoder))


def _int8(module):
    """``module`` with its linear layers replaced by dynamic int8 ones (per-channel weight scales)."""
    import torch

    with warnings.catch_warnings():  # torch points eager quantization users to torchao
        warnings.simplefilter("ignore")
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

        return quantize_dynamic(module, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)


def beam_rows(sentences, beam: int):
    """The beam rows of the given sentence positions."""
    import torch

    offsets = torch.arange(beam, device=sentences.device)
    return (sentences.view(-1, 1) * beam + offsets).view(-1)
