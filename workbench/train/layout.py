"""Write and read the OPUS-MT directory layout.

OPUS-MT conventions that CTranslate2's converter and ``MarianTokenizer`` rely on:
``</s>`` is id 0, ``<unk>`` id 1, ``<pad>`` the last id and also the decoder start
token; ``vocab.json`` maps SentencePiece pieces (and ``>>xx<<`` language tokens of
multilingual models) to model ids, so the ids inside the ``.spm`` files do not matter.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from workbench.engine.checkpoint import quiet_on_disk
from workbench.train.hints import CONFIG_KEY, HINT_TOKEN
from workbench.train.synthetic import SYNTHETIC_TOKEN

#: Target-language tokens of our multilingual models, in MarianTokenizer's syntax.
LANGUAGE_TOKENS = (">>ru<<", ">>zh<<", ">>en<<")

SPM_CONTROL = {"<unk>", "<s>", "</s>", "<pad>"}


def train_sentencepiece(
    input_files: Iterable[str | os.PathLike],
    model_prefix: str | os.PathLike,
    vocab_size: int,
    *,
    user_symbols: Iterable[str] = (),
    input_sentence_size: int = 2_000_000,
) -> Path:
    """Train a unigram SentencePiece model and return the ``.model`` path.

    Normalisation is ``identity``: the default NFKC would turn the full-width
    Chinese punctuation ，。：； into ASCII, which Chinese text must keep.
    ``byte_fallback`` spells any character the vocabulary lacks as UTF-8 byte
    pieces, so that a glossary name with a rare character (滨 in 哈尔滨) can
    always be forced into the output: without it such a term cannot be
    written at all.
    """
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=",".join(str(f) for f in input_files),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.9995,
        normalization_rule_name="identity",
        input_sentence_size=input_sentence_size,
        shuffle_input_sentence=True,
        user_defined_symbols=list(user_symbols),
        hard_vocab_limit=False,
        byte_fallback=True,
        minloglevel=2,
    )
    return Path(f"{model_prefix}.model")


def build_vocab(spm_model: str | os.PathLike, extra_tokens: Iterable[str] = ()) -> dict[str, int]:
    """Map pieces to ids in OPUS-MT order: ``</s>`` 0, ``<unk>`` 1, ..., ``<pad>`` last."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {"</s>": 0, "<unk>": 1}
    for token in extra_tokens:
        vocab.setdefault(token, len(vocab))
    for index in range(processor.get_piece_size()):
        piece = processor.id_to_piece(index)
        if piece not in SPM_CONTROL:
            vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    return vocab


def marian_config(vocab_size: int, *, d_model: int = 256, encoder_layers: int = 4,
                  decoder_layers: int = 2, heads: int = 4, ffn_dim: int = 1024,
                  dropout: float = 0.1, max_positions: int = 512):
    """A ``MarianConfig`` with OPUS-MT's special-token ids for a vocabulary of this size."""
    from transformers import MarianConfig

    pad_id = vocab_size - 1
    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        dropout=dropout,
        attention_dropout=0.0,
        activation_function="swish",
        max_position_embeddings=max_positions,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
    )


def start_embedding(model):
    """The embedding row of the decoder's start token (``<pad>``): a view into the model's table.

    The decoder reads it at position 0. Marian and CTranslate2 start from a zero
    vector instead; OPUS-MT checkpoints and models that ``workbench train`` builds
    hold zeros there, so all agree. The shipped model's row has norm 0.2 (with tied
    embeddings the output layer's gradient moved it in training); the workbench's
    engines read it as training did (``engine.ct2.fold_start_row``).
    """
    return model.get_decoder().embed_tokens.weight[model.config.decoder_start_token_id]


def keep_start_embedding(model, row) -> None:
    """Put the start token's row back to ``row``, in place (after every training step).

    With tied embeddings the output layer's gradient moves the row, and a row
    that moves makes the decoder's first input drift under the model. So it
    stays where training began: zero for a new model (as Marian and other tools
    assume), the checkpoint's own row for a fine-tune (``--init``, ``workbench
    adapt``), so that the run starts from the very function the base model
    computes. (It is also ``<pad>``'s output row; ``<pad>`` is never generated.)
    """
    import torch

    with torch.no_grad():
        start_embedding(model).copy_(row)


def write_model_dir(
    out_dir: str | os.PathLike,
    model,
    spm_model: str | os.PathLike,
    vocab: dict[str, int],
    *,
    source_lang: str,
    target_lang: str,
    fp16: bool = False,
    num_beams: int = 4,
    repetition_penalty: float | None = None,
    length_penalty: float | None = None,
) -> Path:
    """Save ``model`` with its tokenizer files as an OPUS-MT directory.

    One shared SentencePiece model serves as ``source.spm`` and ``target.spm``;
    ``source_lang``/``target_lang`` are informative (``"ru+zh"`` for multilingual).
    """
    import shutil

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    to_save = model.half() if fp16 else model
    with quiet_on_disk(str(out)):  # no «Writing model shards» bar among the trainer's log
        to_save.save_pretrained(out, safe_serialization=True)
    if fp16:
        model.float()
    shutil.copyfile(spm_model, out / "source.spm")
    shutil.copyfile(spm_model, out / "target.spm")
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    tokenizer_config = _tokenizer_config(model, vocab, source_lang, target_lang)
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=1), encoding="utf-8")
    generation_config = _generation_config(model, vocab, num_beams, repetition_penalty, length_penalty)
    (out / "generation_config.json").write_text(json.dumps(generation_config, indent=1), encoding="utf-8")
    return out


def _tokenizer_config(model, vocab: dict[str, int], source_lang: str, target_lang: str) -> dict:
    """``tokenizer_config.json``: MarianTokenizer with one shared vocabulary, the reserved tokens whole."""
    config = {
        "tokenizer_class": "MarianTokenizer",
        "source_lang": source_lang,
        "target_lang": target_lang,
        "model_max_length": model.config.max_position_embeddings,
        "separate_vocabs": False,
        "unk_token": "<unk>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
    }

    special = [t for t in (HINT_TOKEN, SYNTHETIC_TOKEN) if t in vocab]
    if special:  # one id each, never split into pieces (MarianTokenizer and CTranslate2)
        config["additional_special_tokens"] = special
    return config


def _generation_config(model, vocab: dict[str, int], num_beams: int, repetition_penalty: float | None,
                       length_penalty: float | None) -> dict:
    """``generation_config.json``: the decoding defaults (``<pad>`` and ``<unk>`` banned)."""
    pad_id = vocab["<pad>"]
    config = {
        "bad_words_ids": [[pad_id], [vocab["<unk>"]]],
        "decoder_start_token_id": pad_id,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "pad_token_id": pad_id,
        "max_length": model.config.max_position_embeddings,
        "num_beams": num_beams,
    }
    if repetition_penalty and repetition_penalty != 1.0:  # a decoding default the engine applies
        config["repetition_penalty"] = repetition_penalty
    if length_penalty is not None and length_penalty != 1.0:
        config["length_penalty"] = length_penalty
    return config


def add_hint_token(source: str | os.PathLike, out_dir: str | os.PathLike,
                   extra: Iterable[str] = ()) -> Path:
    """Copy the OPUS-MT model at ``source`` to ``out_dir`` with the term-hint token added.

    The token (and any ``extra`` reserved tokens, e.g. the synthetic-source tag
    :data:`workbench.train.synthetic.SYNTHETIC_TOKEN`) take the ids before ``<pad>``,
    which moves up (OPUS-MT keeps ``<pad>`` last, and CTranslate2's converter relies
    on it); the embedding rows keep their tokens, a new row starts as the mean
    embedding, and ``config.json`` declares the hints
    (:data:`workbench.train.hints.CONFIG_KEY`), so that the pipeline feeds the model
    hints. Tokens the model already has are not added again.
    """
    import shutil

    import torch
    from transformers import MarianMTModel


    source, out = Path(source), Path(out_dir)
    vocab = json.loads((source / "vocab.json").read_text(encoding="utf-8"))
    new_tokens = [t for t in dict.fromkeys((HINT_TOKEN, *extra)) if t not in vocab]
    if not new_tokens:
        shutil.copytree(source, out, dirs_exist_ok=True)
        return out
    with quiet_on_disk(str(source)):
        model = MarianMTModel.from_pretrained(str(source)).float()
    old, k = len(vocab), len(new_tokens)
    pad = vocab.pop("<pad>")
    for offset, token in enumerate(new_tokens):
        vocab[token] = pad + offset
    vocab["<pad>"] = pad + k
    with torch.no_grad():
        weight = model.get_input_embeddings().weight.detach().clone()
        model.resize_token_embeddings(old + k, mean_resizing=False)
        table = model.get_input_embeddings().weight
        table[:pad] = weight[:pad]
        table[pad:pad + k] = weight[:pad].mean(0)
        table[pad + k] = weight[pad]
        bias = getattr(model, "final_logits_bias", None)
        if bias is not None:
            new_bias = torch.zeros(1, old + k, dtype=bias.dtype)
            new_bias[:, :pad] = bias[:, :pad]
            new_bias[:, pad + k] = bias[:, pad]
            model.final_logits_bias = new_bias
    config = model.config
    config.vocab_size = config.decoder_vocab_size = old + k
    config.pad_token_id = config.decoder_start_token_id = pad + k
    setattr(config, CONFIG_KEY, {"token": HINT_TOKEN, "ru": "dictionary form", "zh": "as written"})
    model.generation_config.pad_token_id = model.generation_config.decoder_start_token_id = pad + k
    languages = json.loads((source / "tokenizer_config.json").read_text(encoding="utf-8"))
    previous = json.loads((source / "generation_config.json").read_text(encoding="utf-8"))
    write_model_dir(out, model, source / "source.spm", vocab,
                    source_lang=languages.get("source_lang", ""), target_lang=languages.get("target_lang", ""),
                    repetition_penalty=previous.get("repetition_penalty"),
                    length_penalty=previous.get("length_penalty"))
    shutil.copyfile(source / "target.spm", out / "target.spm")
    return out


def random_model(config, seed: int = 0):
    """A randomly initialised ``MarianMTModel`` (tests, and the start of training)."""
    import torch
    from transformers import MarianMTModel

    torch.manual_seed(seed)
    model = MarianMTModel(config)
    with torch.no_grad():  # the decoder starts from zero, as Marian and CTranslate2 assume
        start_embedding(model).zero_()
    return model
