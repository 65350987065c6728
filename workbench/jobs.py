"""Many documents translated by one command: the plan, the options and the work on one document.

``workbench translate`` with several inputs or folders runs the same
:func:`translate_document` for every document, whether the documents are done
one after the other in this process or spread over a Ray cluster
(:mod:`workbench.cluster`): that is what makes the two runs' outputs
byte-identical. A document's failure (binary data, a wrong encoding, markup)
is its own: it is reported by name and the others go on. Nothing here holds
more than one document's text at a time, so a run over an archive of thousands
of releases needs no more memory than a run over one.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.batch import translate_lines, translate_text
from workbench.errors import DocumentError, InputError, WorkbenchError, located
from workbench.formats import EXTENSIONS, IMPORT_EXTENSIONS, import_documents, render_document, store_document
from workbench.formats.unreviewed import MACHINE, MONOLINGUAL
from workbench.glossary.loader import default_glossary_paths, load_glossaries
from workbench.glossary.model import Glossary
from workbench.pipeline import Pipeline
from workbench.store import Store
from workbench.store.drafts import draft_document
from workbench.textio import (
    detect_markup, read_text, remove_stale_temporaries, write_bytes_atomic, write_text_atomic,
)

TEXT_SUFFIXES = tuple(suffix for suffix, fmt in IMPORT_EXTENSIONS.items() if fmt == "txt")
"""Plain text: translated as text (``--format``, ``--encoding``), written as ``NAME.<to>.txt``."""

DOCUMENT_SUFFIXES = tuple(suffix for suffix, fmt in IMPORT_EXTENSIONS.items() if fmt != "txt")
"""Document files (:mod:`workbench.formats`): read with their format, written back in it (``NAME.<to>.docx``)."""

DETECTION_CHARS = 20_000
"""How much of the inputs (joined) the source language is detected from."""


@dataclass(frozen=True)
class TranslateOptions:
    """Everything that decides a document's translation: the same on every machine of a run."""

    source_lang: str
    target_lang: str
    model: str | None = None
    glossary: tuple[str, ...] | None = None
    no_glossary: bool = False
    format: str = "text"
    encoding: str | None = None
    enforce: str = "constrained"
    hints: str = "on"
    beam: int = 4
    device: str = "cpu"
    allow_pickle: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DocumentJob:
    """One input file and where its translation goes (``-``: stdout)."""

    name: str
    output: str


def expand_inputs(inputs: list[str]) -> list[str]:
    """The files to translate: each file as given, each folder's text and document files (sorted, recursively)."""
    searched = TEXT_SUFFIXES + DOCUMENT_SUFFIXES
    files: list[str] = []
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in searched
                           and not p.name.startswith("."))
            if not found:
                raise InputError(f"{name}: the folder holds no file to translate ({', '.join(searched)})")
            files.extend(found)
        else:
            files.append(name)
    return files


def plan_jobs(inputs: list[str], output: str, target_lang: str) -> list[DocumentJob]:
    """One job per input file; several inputs write ``NAME.<target>.txt`` into the ``output`` folder.

    A file found in a folder keeps its place below that folder, so that two
    ``index.txt`` of different folders do not overwrite each other.
    """
    files = expand_inputs(inputs)
    if len(files) == 1 and not any(Path(n).is_dir() for n in inputs if n != "-"):
        return [DocumentJob(files[0], output)]
    if output == "-":
        return [DocumentJob(name, "-") for name in files]
    if "-" in files:
        raise InputError("stdin (-) cannot be combined with other inputs")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{output}: several inputs need --output to be a folder")
    jobs, taken = [], {}
    for name, relative in _relative_names(inputs, files):
        destination = str(folder / relative.parent / f"{relative.stem}.{target_lang}{output_suffix(name)}")
        if destination in taken:
            raise InputError(f"{taken[destination]} and {name} would both be written to {destination}; "
                             "translate them in separate runs or rename one")
        taken[destination] = name
        jobs.append(DocumentJob(name, destination))
    return jobs


def document_format(name: str) -> str | None:
    """The :mod:`workbench.formats` format a file is read and written in; ``None`` for plain text."""
    suffix = Path(name).suffix.lower()
    return EXTENSIONS[suffix] if suffix in DOCUMENT_SUFFIXES else None


def output_suffix(name: str) -> str:
    """``.txt`` for plain text; a document's own extension (a PO template's translation is a ``.po``)."""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        return ".txt"
    return ".po" if suffix == ".pot" else suffix


def _relative_names(inputs: list[str], files: list[str]):
    """(file, its path below the folder it was found in, or its bare name)."""
    folders = [Path(n) for n in inputs if n != "-" and Path(n).is_dir()]
    for name in files:
        path = Path(name)
        below = next((path.relative_to(f) for f in folders if path.is_relative_to(f)), None)
        yield name, below if below is not None else Path(path.name)


def detection_sample(names: list[str], encoding: str | None) -> str:
    """The start of the inputs joined, as the source language is detected from (unreadable ones skipped)."""
    parts, size = [], 0
    for name in names:
        try:
            text = _document_text(name, encoding)
        except WorkbenchError:
            continue
        parts.append(text)
        size += len(text) + 1
        if size > DETECTION_CHARS:
            break
    return " ".join(parts)[:DETECTION_CHARS]


def _document_text(name: str, encoding: str | None) -> str:
    """A file's source text, for language detection (a document's segments, a text file as it is)."""
    if document_format(name) is None:
        return read_text(name, encoding=encoding)

    return "\n".join(s for d in import_documents(name) for p in d.paragraphs for s in p)


def build_pipeline(options: TranslateOptions, *, parallel: bool | None = None):
    """The glossary-constrained pipeline the options describe (``parallel=False``: no search helper)."""
    from workbench.models import load_translator  # looked up when called: tests put a fake engine there

    glossary = Glossary() if options.no_glossary else load_glossaries(
        list(options.glossary) if options.glossary else default_glossary_paths())
    extra = {} if parallel is None else {"parallel": parallel}
    translator = load_translator(options.model, options.source_lang, options.target_lang,
                                 device=options.device, allow_pickle=options.allow_pickle, **extra)
    return Pipeline(translator, glossary, enforce=options.enforce, num_beams=options.beam,
                    hints=options.hints == "on")


def read_document(name: str, encoding: str | None) -> str:
    """A document's text, refused with its name when it cannot be translated as plain text."""
    text = read_text(name, encoding=encoding)
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    line = detect_markup(text)
    if line is not None:
        raise DocumentError(
            f"{name}:{line}: input looks like HTML or XML markup; workbench translate takes plain text — "
            "convert it first (e.g. pandoc -t plain)"
        )
    return text


def translate_document(job: DocumentJob, pipeline, options: TranslateOptions, progress=None,
                       text: str | None = None) -> dict:
    """Translate one document (*text*: already read, e.g. from stdin), write its output atomically;
    its report entry.

    Plain text keeps its paragraphs (or lines) and is written as text; a
    document file is read with its format and written back in it, every
    segment the machine draft (:func:`_translate_file`).

    Raises:
        WorkbenchError: naming the document, when it cannot be read or translated.
    """
    fmt = document_format(job.name) if text is None else None
    if fmt is not None:
        data, segments = _translate_file(job.name, fmt, pipeline, options)
    else:
        output, segments = _translate_text(job.name, pipeline, options, progress, text)
    if job.output != "-":
        Path(job.output).parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(job.output)  # a killed earlier attempt's (Ray retries the document)
    if fmt is None:
        write_text_atomic(job.output, output)
    elif job.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes_atomic(job.output, data)
    return report_entry(job.name, segments, options)


def _translate_text(name: str, pipeline, options: TranslateOptions, progress, text: str | None):
    if text is None:
        text = read_document(name, options.encoding)
    translate = translate_lines if options.format == "lines" else translate_text
    try:
        result = translate(text, pipeline, progress=progress)
    except WorkbenchError as err:
        raise located(err, name)
    return result.output, result.segments


def _translate_file(name: str, fmt: str, pipeline, options: TranslateOptions):
    """A document file drafted through an in-memory store: (the file's bytes in its format, segment results).

    The store is the review workbench's own, so the file is read and written
    exactly as an import and export there would (layout, headings, XLIFF and
    PO structure, states: drafts are written as drafts, e.g. ``fuzzy`` in PO);
    a monolingual file (md, docx) gets every segment's draft unmarked, as the
    plain-text output does. A bilingual file's own approved translations stay.
    """
    documents = import_documents(name, source_lang=options.source_lang, target_lang=options.target_lang)
    if len(documents) != 1:
        raise DocumentError(f"{name}: holds {len(documents)} <file> elements; import it in the review workbench "
                            "(a document per <file>) or split it")
    results: list = []
    with Store(":memory:") as store:
        doc_id = store_document(store, documents[0], target_lang=options.target_lang)
        try:
            draft_document(store, doc_id, pipeline, results=results)
        except WorkbenchError as err:
            raise located(err, name)
        data = render_document(store, doc_id, fmt, MACHINE if fmt in MONOLINGUAL else None)
    return data, results


def report_entry(name: str, segments, options: TranslateOptions) -> dict:
    return {
        "input": name,
        "from": options.source_lang,
        "to": options.target_lang,
        "model": options.model or "default",
        "enforce": options.enforce,
        "hints": options.hints,
        "segments": [s.to_json(options.target_lang) for s in segments],
    }


def is_done(job: DocumentJob) -> bool:
    """Whether ``--resume`` may skip the job: its output exists (outputs are only ever written whole)."""
    return job.output != "-" and os.path.isfile(job.output)


class Progress:
    """Documents done / total and documents per minute, on stderr (a line per tenth when not a terminal)."""

    def __init__(self, total: int, skipped: int = 0, stream=None):
        import sys
        import time

        self.total, self.skipped, self.count = total, skipped, 0
        self.stream = stream or sys.stderr
        self.clock = time.monotonic
        self.start = self.clock()
        self.live = getattr(self.stream, "isatty", lambda: False)()
        self.every = max(1, total // 10)

    def line(self) -> str:
        minutes = max(self.clock() - self.start, 1e-9) / 60
        skipped = f" ({self.skipped} done before, skipped)" if self.skipped else ""
        return f"{self.count}/{self.total} documents, {self.count / minutes:.1f} per minute{skipped}"

    def done(self) -> None:
        self.count += 1
        if self.total < 2:
            return
        if self.live:
            self.stream.write("\r" + self.line())
            self.stream.flush()
        elif self.count % self.every == 0 and self.count < self.total:
            print(self.line(), file=self.stream)

    def finish(self) -> None:
        if self.total >= 2 or self.skipped:
            print(("\r" if self.live else "") + self.line(), file=self.stream)


class ReportWriter:
    """The run's report, kept on disk one document at a time and merged, in input order, at the end.

    Documents finish in any order on a cluster; each entry waits in a side
    folder under its input position, and only the summary counts stay in
    memory, so a report over thousands of documents costs the driver no more
    than one over ten. The merged file is laid out as ``json.dumps(report,
    indent=1)`` would lay it out.
    """

    def __init__(self, path: str | None):
        self.path = path
        self.counts = {"segments": 0, "terms": 0, "present": 0, "missing": 0, "incomplete": 0}
        self.failed: list[dict] = []
        self._parts = None
        if path:
            import tempfile

            folder = Path(path).resolve().parent
            self._parts = Path(tempfile.mkdtemp(prefix=f".{Path(path).name}.", dir=folder))

    def add(self, position: int, entry: dict) -> None:
        segments = entry["segments"]
        terms = [t for s in segments for t in s["terms"]]
        self.counts["segments"] += len(segments)
        self.counts["terms"] += len(terms)
        self.counts["present"] += sum(t["status"] == "present" for t in terms)
        self.counts["missing"] += sum(t["status"] == "missing" for t in terms)
        # segments whose decoding reached its length budget before the model ended them
        self.counts["incomplete"] += sum(not s["complete"] for s in segments)
        self._keep(position, entry)

    def add_skipped(self, position: int, name: str) -> None:
        self._keep(position, {"input": name, "skipped": "its output exists (--resume)"})

    def add_failure(self, name: str, message: str) -> None:
        self.failed.append({"input": name, "error": message})

    def _keep(self, position: int, entry: dict) -> None:
        if self._parts:
            (self._parts / f"{position:09d}.json").write_text(json.dumps(entry, ensure_ascii=False),
                                                              encoding="utf-8")

    def discard(self) -> None:
        """Remove the side folder without writing a report (the run was stopped)."""
        if self._parts:
            import shutil

            shutil.rmtree(self._parts, ignore_errors=True)

    def close(self) -> None:
        """Write the report atomically (summary, documents, failures) and remove the side folder."""
        if not self._parts:
            return
        import shutil


        try:
            write_bytes_atomic(self.path, (chunk.encode("utf-8") for chunk in self._chunks()))
        finally:
            shutil.rmtree(self._parts, ignore_errors=True)

    def _chunks(self):
        summary = dict(self.counts, **({"failed": len(self.failed)} if self.failed else {}))
        yield "{\n \"summary\": " + _nested(summary) + ",\n \"documents\": ["
        parts = sorted(self._parts.iterdir())
        for number, part in enumerate(parts):
            yield ("," if number else "") + "\n  " + _nested(json.loads(part.read_text(encoding="utf-8")), 2)
        yield "\n ]" if parts else "]"
        if self.failed:
            yield ",\n \"failed\": " + _nested(self.failed)
        yield "\n}\n"


def _nested(value, level: int = 1) -> str:
    """*value* as ``json.dumps(..., indent=1)`` writes it *level* levels deep."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)
