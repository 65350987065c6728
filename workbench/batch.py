"""Batch translation of whole texts: paragraph structure kept, or line alignment kept.

``text`` mode segments a document into paragraphs and sentences, translates the
sentences and rebuilds the paragraphs. ``lines`` mode translates every input
line on its own: N lines in, N lines out, empty lines stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench.pipeline import Pipeline, SegmentResult
from workbench.segment import join_document, normalise_whitespace, segment_text, split_sentences


@dataclass
class BatchResult:
    """A translated text and the per-segment record behind it."""

    output: str
    segments: list[SegmentResult] = field(default_factory=list)


def count_sentences_text(text: str, lang: str) -> int:
    """How many sentences :func:`translate_text` will translate (for a progress bar)."""
    return sum(len(p) for p in segment_text(text, lang).paragraphs)


def translate_text(text: str, pipeline: Pipeline,
                   progress: Callable[[int], None] | None = None) -> BatchResult:
    """Translate a document, keeping its paragraphs."""
    lang = pipeline.source_lang
    document = segment_text(text, lang)
    sentences = [s for paragraph in document.paragraphs for s in paragraph]
    results = pipeline.translate_sentences(sentences, progress=progress)
    position = 0
    translated = []
    for number, paragraph in enumerate(document.paragraphs):
        outputs = []
        for index in range(len(paragraph)):
            result = results[position]
            result.paragraph, result.index = number, index
            outputs.append(result.output)
            position += 1
        translated.append(outputs)
    output = join_document(document.replace(translated, pipeline.target_lang), pipeline.target_lang)
    return BatchResult(output=output, segments=results)


def translate_lines(text: str, pipeline: Pipeline,
                    progress: Callable[[int], None] | None = None) -> BatchResult:
    """Translate each line on its own; the output has exactly as many lines as the input."""
    lang = pipeline.source_lang
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    per_line = [split_sentences(normalise_whitespace(line), lang) if line.strip() else [] for line in lines]
    sentences = [s for group in per_line for s in group]
    results = pipeline.translate_sentences(sentences, progress=progress)
    joiner = "" if pipeline.target_lang == "zh" else " "
    outputs, position = [], 0
    for number, group in enumerate(per_line):
        chunk = results[position:position + len(group)]
        for index, result in enumerate(chunk):
            result.paragraph, result.index = number, index
        outputs.append(joiner.join(r.output for r in chunk))
        position += len(group)
    return BatchResult(output="\n".join(outputs) + ("\n" if lines else ""), segments=results)
