"""Benchmark: the interop corpus, file by file — imported or refused, what the import said, round-trip diffs.

Run ``python benchmarks/bench_interop.py``. Every PO and XLIFF file under
``tests/data/interop/`` (other tools' files, see its README) is imported into a
fresh store (the languages given as ``--from/--to`` would give them where the
file is in other languages), exported back unchanged, then with every segment
translated; a structural diff (``tests/formats/catalog_diff.py``: ids,
contexts, plurals, flags, notes, header) compares each export with the file.
Prints one line per file and the totals: files imported and refused, notices
(what the import said it could not keep), and diff lines — the unchanged
export must show none, the translated one none apart from the translations.

TMX files go into a fresh memory (``memory import``), which is exported and
imported again: the second import must add nothing and find every entry
present. Term files (TBX, CSV) are checked (``glossary check``) and, where they
hold no error, converted to PO and read back: the same terms.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "formats"))

from catalog_diff import diff, lines_diff, po_structure, xliff_structure  # noqa: E402

from workbench.errors import WorkbenchError  # noqa: E402
from workbench.formats import import_documents, render_document, store_document  # noqa: E402
from workbench.formats.po import STATUS_FLAGS, parse  # noqa: E402
from workbench.store import Store  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "interop"


def languages(path: Path) -> dict:
    """What a user passes for a file in other languages (Django's English sources…); ours need nothing."""
    if path.parent.name == "edge" or "-style" in path.name or path.name.startswith("multi-file"):
        return {}
    return {"source_lang": "zh", "target_lang": "ru"} if ".ru." in path.name else {"source_lang": "ru",
                                                                                   "target_lang": "zh"}


def structure(path: Path, data: bytes, translations: bool):
    if path.suffix == ".po":
        found = po_structure(parse(data, path.name)[0], translations)
        if not translations:
            for entry in found["entries"]:
                entry["flags"] = [flag for flag in entry["flags"] if flag not in STATUS_FLAGS]
        return found
    return xliff_structure(data, translations)


def differences(path: Path, before, after) -> list[str]:
    return diff(before, after) if path.suffix == ".po" else lines_diff(before, after)


def memories(store: Store, folder: Path, totals: dict) -> None:
    """Every TMX of the corpus into the memory and back: a lost or doubled entry is a round-trip diff."""
    from workbench.memory import export_tmx, import_tmx

    for path in sorted(CORPUS.rglob("*.tmx")):
        totals["files"] += 1
        shown = path.relative_to(CORPUS)
        try:
            report = import_tmx(store, path, user="bench")
        except WorkbenchError as err:
            totals["refused"] += 1
            print(f"REFUSED   {shown}: {str(err).replace(str(path), '…')}")
            continue
        totals["imported"] += 1
        added = sum(report.added.values())
        totals["memory_entries"] += added
        back = folder / f"{path.stem}.back.tmx"
        export_tmx(store, back)
        again = import_tmx(store, back)
        lost = sum(again.added.values())  # entries the export lost come back as new ones
        totals["translated_diffs"] += lost
        print(f"IMPORTED  {shown}: {report.units} units, {added} memory entries, {report.skipped} skipped, "
              f"{report.tagged} with inline codes; re-import of the export adds {lost}")


def term_files(folder: Path, totals: dict) -> None:
    """Every TBX and CSV term file: checked; where it has no error, converted to PO and read back."""
    from workbench.glossary.check import check_paths
    from workbench.glossary.loader import load_glossaries
    from workbench.glossary.po import write_po

    for path in sorted(p for p in CORPUS.rglob("*") if p.suffix in (".tbx", ".csv")):
        totals["files"] += 1
        shown = path.relative_to(CORPUS)
        problems = check_paths([path])
        errors = [p for p in problems if p.is_error]
        if errors:
            totals["refused"] += 1
            print(f"REFUSED   {shown}: {len(errors)} errors, the first: {str(errors[0]).replace(str(path), '…')}")
            continue
        totals["imported"] += 1
        glossary = load_glossaries([path])
        po = folder / f"{path.stem}.po"
        write_po(glossary, po)
        back = load_glossaries([po])
        lost = len({(t.ru, t.zh) for t in glossary.terms} ^ {(t.ru, t.zh) for t in back.terms})
        totals["translated_diffs"] += lost
        print(f"IMPORTED  {shown}: {len(glossary.terms)} terms, {len(problems)} warnings; "
              f"PO and back: {lost} terms differ")


def main() -> int:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".po", ".xlf", ".xliff", ".sdlxliff"))
    totals = {"files": 0, "imported": 0, "refused": 0, "documents": 0, "segments": 0, "notices": 0,
              "memory_entries": 0, "unchanged_diffs": 0, "translated_diffs": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        for path in files:
            totals["files"] += 1
            shown = path.relative_to(CORPUS)
            try:
                documents = import_documents(path, **languages(path))
            except WorkbenchError as err:
                totals["refused"] += 1
                print(f"REFUSED   {shown}: {str(err).replace(str(path), '…')}")
                continue
            totals["imported"] += 1
            unchanged_diffs = translated_diffs = 0
            data = path.read_bytes()
            for document in documents:
                totals["documents"] += 1
                totals["segments"] += len(document)
                totals["notices"] += len(document.notices)
                doc_id = store_document(store, document)
                exported = render_document(store, doc_id, "xliff" if path.suffix != ".po" else "po")
                if len(documents) == 1:
                    unchanged = differences(path, structure(path, data, True), structure(path, exported, True))
                    # a re-encoded file's charset declaration is the one change, and it is said at import
                    unchanged_diffs += len([d for d in unchanged if "charset=" not in d])
                for number, row in enumerate(store.segments(doc_id)):
                    if row.status != "skip":
                        store.save_segment(row.id, f"译文 {number}", "approved", row.version, "bench")
                exported = render_document(store, doc_id, "xliff" if path.suffix != ".po" else "po")
                if len(documents) == 1:
                    translated = differences(path, structure(path, data, False), structure(path, exported, False))
                    translated_diffs += len([d for d in translated if "charset=" not in d])
            totals["unchanged_diffs"] += unchanged_diffs
            totals["translated_diffs"] += translated_diffs
            said = "; ".join(n.replace(str(path), "…") for d in documents for n in d.notices)
            print(f"IMPORTED  {shown}: {len(documents)} document(s), {sum(len(d) for d in documents)} segments, "
                  f"diffs {unchanged_diffs} unchanged / {translated_diffs} translated"
                  + (f"; said: {said}" if said else ""))
        memories(store, Path(folder), totals)
        term_files(Path(folder), totals)
    elapsed = time.perf_counter() - started
    print()
    print(", ".join(f"{key} {value}" for key, value in totals.items()) + f"; {elapsed:.1f} s in all")
    return 0 if totals["unchanged_diffs"] == totals["translated_diffs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
