"""Building MarianMT models: SentencePiece vocabularies, OPUS-MT layout, training.

The output of everything here is a standard OPUS-MT-style directory that
``MarianMTModel`` and ``MarianTokenizer`` load unchanged, so the engine serves a
model built here and any ``Helsinki-NLP/opus-mt-*`` checkpoint with the same code.
"""
