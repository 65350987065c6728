"""``workbench import``, ``export`` and ``documents``: documents in the review store.

``import`` segments a file (txt, md, docx, xliff, po) into the store, and with
``--draft`` adds machine drafts; ``export`` writes a stored document in any
format (TMX: the approved segments; txt, md, docx: approved text, the rest
marked, see :mod:`workbench.formats.unreviewed`); ``documents`` lists what
is stored.
"""

from __future__ import annotations

import argparse
import json
import sys

from workbench.formats import FORMATS, IMPORT_FORMATS
from workbench.languages import LANGUAGES

LANGS = LANGUAGES


def register(subparsers) -> None:
    _register_import(subparsers)
    _register_export(subparsers)
    _register_documents(subparsers)


def _add_db(parser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help="the store (default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db)")


def _register_import(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="import a document (txt, md, docx, xliff, po) into the review store",
        description="Segment a document into sentences and store it for review. Bilingual files "
                    "(XLIFF 1.0-1.2 and 2.0-2.1, PO) bring their translations and statuses along, and export back "
                    "as they came; a multi-file XLIFF is one document per <file>. An XLIFF whose declared "
                    "languages are not the script of its text is refused unless you name them (--from, "
                    "--to). A TMX memory goes in with `workbench memory import`.")
    parser.add_argument("file", metavar="FILE", help="the document")
    parser.add_argument("--name", help="the document's name in the store (default: the file name)")
    parser.add_argument("--from", dest="source_lang", choices=LANGS,
                        help="source language (default: from the file, or detected from the text)")
    parser.add_argument("--to", dest="target_lang", choices=LANGS,
                        help="target language (default: from the file, or the other language; "
                             "with --from it wins over the file's)")
    parser.add_argument("--format", dest="fmt", choices=IMPORT_FORMATS,
                        help="the file's format (default: from its extension)")
    parser.add_argument("--user", help="who imports it (default: the login name)")
    parser.add_argument("--draft", action="store_true",
                        help="also make machine drafts with the model and the glossary")
    parser.add_argument("--model", metavar="NAME_OR_PATH", help="model for --draft (default: the shipped model)")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder for --draft (repeatable; default: the default glossaries)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (for --draft)")
    _add_db(parser)
    parser.set_defaults(func=run_import)


def _register_export(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="export a stored document (txt, md, docx, xliff, po, or tmx of the approved segments)",
        description="Write a stored document: the translation (txt, md, docx), a bilingual file (xliff, po) "
                    "or the approved segments as a translation memory (tmx). A translation contains only "
                    "approved text as it stands: every segment not approved is left in the source "
                    "language in a marker that says so (【未审定·原文：…】, [[НЕ УТВЕРЖДЕНО, ОРИГИНАЛ: …]]; "
                    "highlighted in Word), unless --unreviewed says otherwise. XLIFF and PO carry every segment with its "
                    "review state (XLIFF: final only when approved). The counts are printed.")
    parser.add_argument("document", metavar="DOC", help="document id or name (see `workbench documents`)")
    parser.add_argument("--format", dest="fmt", choices=FORMATS,
                        help="output format (default: from the output's extension)")
    parser.add_argument("--output", "-o", required=True, metavar="PATH", help="the file to write")
    parser.add_argument("--unreviewed", choices=("source", "mark", "refuse"),
                        help="txt, md, docx: what to write for segments not approved: 'source' (default): "
                             "the source text, marked; 'mark': the translator's text, else the machine draft, "
                             "marked as such (a copy to proofread); 'refuse': write nothing unless every "
                             "segment is approved or not for translation")
    _add_db(parser)
    parser.set_defaults(func=run_export)


def _register_documents(subparsers) -> None:
    parser = subparsers.add_parser("documents", help="list the documents in the review store")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_db(parser)
    parser.set_defaults(func=run_documents)


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def run_import(args: argparse.Namespace) -> int:
    from workbench.formats import import_documents, store_document
    from workbench.store import Store

    documents = import_documents(args.file, args.name, args.fmt, source_lang=args.source_lang,
                                 target_lang=args.target_lang)
    for notice in (notice for document in documents for notice in document.notices):
        print(notice, file=sys.stderr)
    with Store(args.db) as store:
        for document in documents:
            doc_id = store_document(store, document, target_lang=args.target_lang,
                                    user=args.user if args.user is not None else _login())
            info = store.get_document(doc_id)
            print(f"imported {info.name!r} as document {doc_id}: {info.total} segments in "
                  f"{len(document.paragraphs)} paragraphs, {info.source_lang}→{info.target_lang}")
            if args.draft:
                drafted = _draft(store, doc_id, args, info)
                print(f"drafted {drafted} segments")
    return 0


def _draft(store, doc_id: int, args, info) -> int:
    from tqdm import tqdm

    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline
    from workbench.store.drafts import draft_document

    glossary = load_glossaries(args.glossary or default_glossary_paths())
    translator = load_translator(args.model, info.source_lang, info.target_lang, device=args.device)
    pipeline = Pipeline(translator, glossary)
    with tqdm(total=info.total, desc="drafting", unit="seg", file=sys.stderr) as bar:
        return draft_document(store, doc_id, pipeline, progress=bar.update)


def run_export(args: argparse.Namespace) -> int:
    from workbench.formats import detect_format, export_document
    from workbench.formats.unreviewed import DEFAULT, MONOLINGUAL, summarise
    from workbench.store import Store

    fmt = args.fmt or detect_format(args.output)
    with Store(args.db) as store:
        info = store.find_document(args.document)
        export_document(store, info.id, fmt, args.output, args.unreviewed)
        choice = (args.unreviewed or DEFAULT) if fmt in MONOLINGUAL else None
        summary = summarise(store, info.id, choice)
    print(f"wrote {args.output} ({fmt}, document {info.id} {info.name!r}): {summary.describe(fmt)}")
    return 0


def run_documents(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from workbench.store import Store

    with Store(args.db) as store:
        documents = store.list_documents()
    if args.json:
        print(json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=1))
        return 0
    if not documents:
        print("no documents (add one with `workbench import FILE`)")
        return 0
    rows = [("ID", "NAME", "DIRECTION", "APPROVED", "CREATED")]
    for d in documents:
        rows.append((str(d.id), d.name, f"{d.source_lang}→{d.target_lang}", f"{d.approved}/{d.total}",
                     d.created_at))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0
