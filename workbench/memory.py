"""The translation memory's exchange with other CAT tools: TMX 1.4 in and out.

A press office arrives with years of approved pairs in a TMX file written by
Trados, OmegaT, memoQ or Okapi; :func:`import_tmx` puts its Russian–Chinese
units into the store's memory, where :meth:`workbench.store.Store.tm_lookup`
(the review UI's memory panel) finds them like the pairs of approved segments.
:func:`export_tmx` writes the whole memory back as TMX 1.4.

Direction. The store's memory is per direction (``ru→zh`` and ``zh→ru``).
A unit goes in the direction of its ``srclang`` (the unit's, else the
header's); a unit whose ``srclang`` is ``*all*`` — any language may be the
source, as TMX 1.4 §3.1 allows — or a third language (an ``en``-sourced
multilingual memory) goes in both. ``--from/--to`` put every unit in that one
direction. The export merges a pair stored both ways back into one
``srclang="*all*"`` unit, so such a file reads back the same.

Languages are matched on their first subtag (``ru-RU``, ``RU``, ``zh-CN``,
``zh-Hans`` are ``ru``/``zh``); Traditional Chinese (``zh-TW``, ``zh-HK``,
``zh-MO``, ``zh-Hant``) is not ``zh`` for the memory: its pairs would be
offered as Simplified translations. Inline codes (``<bpt>``/``<ept>``,
``<ph>``, ``<it>``, ``<ut>``) are kept as placeholders (``{1}…{/1}``,
``{2}``) rather than as the markup they hide, so source and target keep the
same placeholders and a fuzzy match is not skewed by RTF or HTML codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import DocumentError, InputError
from workbench.formats.xliff import parse_xml, xml_text
from workbench.languages import DIRECTIONS, LANGUAGES
from workbench.store import TMEntry
from workbench.store.db import utc_now
from workbench.textio import write_bytes_atomic

if TYPE_CHECKING:
    from workbench.store import Store

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TRADITIONAL = ("tw", "hk", "mo", "hant")
_LANGS = LANGUAGES
_OTHER = {"ru": "zh", "zh": "ru"}
_PAIRED = ("bpt", "ept")
_CODES = ("bpt", "ept", "ph", "it", "ut")


@dataclass
class TmxUnit:
    """The Russian and Chinese text of one ``<tu>``, and the directions it goes in."""

    ru: str
    zh: str
    directions: tuple[tuple[str, str], ...]
    user: str = ""
    at: str = ""
    tagged: bool = False


@dataclass
class TmxRead:
    """What a TMX file holds for the memory.

    Attributes:
        units: the units with both a Russian and a Chinese text.
        skipped: units without both (another language pair, an empty segment).
        total: every ``<tu>`` in the file.
    """

    units: list[TmxUnit] = field(default_factory=list)
    skipped: int = 0
    total: int = 0


@dataclass
class ImportReport:
    """The outcome of :func:`import_tmx`, counted in memory entries (a unit in both directions is two)."""

    name: str
    units: int = 0
    added: dict[str, int] = field(default_factory=dict)
    present: int = 0
    skipped: int = 0
    tagged: int = 0

    def __str__(self) -> str:
        added = sum(self.added.values())
        directions = ", ".join(f"{d} {n}" for d, n in sorted(self.added.items()) if n)
        line = (f"{self.name}: {self.units} translation units: {added} memory entries added"
                + (f" ({directions})" if directions else "")
                + f", {self.present} already present, {self.skipped} skipped (without both Russian and Chinese text)")
        if self.tagged:
            line += f"; inline codes of {self.tagged} unit{'s' if self.tagged != 1 else ''} kept as {{n}} placeholders"
        return line


def memory_lang(tag: str | None) -> str | None:
    """``ru``/``zh`` for a TMX language tag, ``None`` otherwise (Traditional Chinese included).

    >>> [memory_lang(t) for t in ("ru-RU", "RU", "zh-CN", "zh-Hans", "zh-TW", "zh-Hant-HK", "en")]
    ['ru', 'ru', 'zh', 'zh', None, None, None]
    """
    parts = (tag or "").strip().replace("_", "-").lower().split("-")
    if parts[0] not in _LANGS:
        return None
    if parts[0] == "zh" and any(part in _TRADITIONAL for part in parts[1:]):
        return None
    return parts[0]


def read_tmx(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> TmxRead:
    """The Russian–Chinese units of a TMX file (any encoding XML allows: UTF-8, UTF-16 with a BOM…).

    Args:
        source_lang, target_lang: both or neither; given, every unit goes in that direction.

    Raises:
        DocumentError: not well-formed, or not TMX (``name:line: message``).
    """
    root = parse_xml(data, name)
    if root.tag != "tmx":
        raise DocumentError(f"{name}:{root.sourceline}: not a TMX file (root element <{_local(root.tag)}>)")
    header = root.find("header")
    default_source = header.get("srclang", "") if header is not None else ""
    forced = ((source_lang, target_lang),) if source_lang and target_lang else None
    found = TmxRead()
    for unit in root.iter("tu"):
        found.total += 1
        read = _read_unit(unit, forced or _directions(unit.get("srclang") or default_source))
        if read is None:
            found.skipped += 1
        else:
            found.units.append(read)
    return found


def _directions(srclang: str) -> tuple[tuple[str, str], ...]:
    """A unit's directions from its ``srclang``: one for ``ru``/``zh``, both for ``*all*`` or another language."""
    lang = memory_lang(srclang)
    if lang:
        return ((lang, _OTHER[lang]),)
    return DIRECTIONS


def _read_unit(unit, directions) -> TmxUnit | None:
    texts: dict[str, str] = {}
    tagged = False
    for variant in unit.iter("tuv"):
        lang = memory_lang(variant.get(_XML_LANG) or variant.get("lang"))
        seg = variant.find("seg")
        if not lang or seg is None or lang in texts:
            continue
        text, has_codes = seg_text(seg)
        if text:
            texts[lang] = text
            tagged = tagged or has_codes
    if not (texts.get("ru") and texts.get("zh")):
        return None
    return TmxUnit(texts["ru"], texts["zh"], directions, user=unit.get("changeid") or unit.get("creationid") or "",
                   at=iso_date(unit.get("changedate") or unit.get("creationdate") or ""), tagged=tagged)


def seg_text(seg) -> tuple[str, bool]:
    """A ``<seg>``'s text, whitespace normalised, inline codes as placeholders; and whether it had any.

    ``<bpt i="1">``/``<ept i="1">`` become ``{1}``/``{/1}``; ``<ph>``, ``<it>``
    and ``<ut>`` become ``{x}`` (their ``x`` attribute, which TMX keeps equal
    across a unit's languages, else their order); ``<hi>`` keeps its text.
    The native codes inside (``&lt;b&gt;``, RTF) are not text to translate.
    """
    parts: list[str] = []
    counter = [0]
    has_codes = _collect(seg, parts, counter)
    return " ".join("".join(parts).split()), has_codes


def _collect(element, parts: list[str], counter: list[int]) -> bool:
    parts.append(element.text or "")
    has_codes = False
    for child in element:
        tag = _local(child.tag)
        if tag in _CODES:
            has_codes = True
            counter[0] += 1
            number = child.get("i") if tag in _PAIRED else child.get("x")
            parts.append("{" + ("/" if tag == "ept" else "") + (number or str(counter[0])) + "}")
        elif tag:  # <hi> and anything unknown: its text counts
            has_codes = _collect(child, parts, counter) or has_codes
        parts.append(child.tail or "")
    return has_codes


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iso_date(tmx: str) -> str:
    """``20240514T093000Z`` → ``2024-05-14T09:30:00Z``; ``""`` for anything else (the import time is used)."""
    value = tmx.strip()
    if len(value) != 16 or value[8] != "T" or not value.endswith("Z") or not (value[:8] + value[9:15]).isdigit():
        return ""
    return f"{value[0:4]}-{value[4:6]}-{value[6:8]}T{value[9:11]}:{value[11:13]}:{value[13:15]}Z"


def _read_file(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a TMX file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def import_tmx(store: Store, path: str | os.PathLike[str], *, source_lang: str | None = None,
               target_lang: str | None = None, user: str = "", name: str | None = None) -> ImportReport:
    """Add the Russian–Chinese units of a TMX file to *store*'s memory, all or nothing.

    Each entry keeps the unit's author and date (``changeid``/``creationid``,
    ``changedate``/``creationdate``), else *user* and now; its origin is the
    file name, which the memory panel shows beside a match. *name* is the file as messages name it
    (an upload's own name, not the server's copy of it).

    Raises:
        InputError: the file cannot be read, or only one of the languages is given.
        DocumentError: the file is not well-formed TMX (file and line named).
    """
    name = name or str(path)
    if bool(source_lang) != bool(target_lang) or (source_lang and source_lang == target_lang):
        raise InputError(f"{name}: give both --from and --to (ru and zh, one each), or neither")
    found = read_tmx(_read_file(path), name, source_lang, target_lang)
    origin = Path(name).name
    entries: list[TMEntry] = []
    for unit in found.units:
        texts = {"ru": unit.ru, "zh": unit.zh}
        for source, target in unit.directions:
            entries.append(TMEntry(source, target, texts[source], texts[target], origin, unit.user or user, unit.at))
    added = store.add_tm_entries(entries)
    report = ImportReport(name, units=found.total, skipped=found.skipped, tagged=sum(u.tagged for u in found.units))
    for entry, new in zip(entries, added):
        direction = f"{entry.source_lang}→{entry.target_lang}"
        report.added[direction] = report.added.get(direction, 0) + int(new)
        report.present += int(not new)
    return report


def render_tmx(entries: list[TMEntry]) -> bytes:
    """Memory entries as a TMX 1.4 file; a pair stored both ways is one ``srclang="*all*"`` unit."""
    from lxml import etree

    from workbench import __version__
    from workbench.formats.tmx import tmx_date

    units = _merge_directions(entries)
    sources = {srclang for srclang, _ in units}
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "workbench", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": sources.pop() if len(sources) == 1 else "*all*",
        "o-tmf": "workbench", "creationdate": tmx_date(utc_now()),
    })
    body = etree.SubElement(root, "body")
    for srclang, entry in units:
        unit = etree.SubElement(body, "tu", srclang=srclang)
        if entry.at:
            unit.set("creationdate", tmx_date(entry.at))
        if entry.user:
            unit.set("creationid", entry.user)
        if entry.origin:
            etree.SubElement(unit, "prop", type="x-origin").text = entry.origin
        for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
            variant = etree.SubElement(unit, "tuv")
            variant.set(_XML_LANG, lang)
            etree.SubElement(variant, "seg").text = xml_text(text, where=f"memory entry {entry.source[:40]!r}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def _merge_directions(entries: list[TMEntry]) -> list[tuple[str, TMEntry]]:
    """``(srclang, entry)`` per unit to write: an entry whose reverse is also stored is written once, as ``*all*``."""
    keys = {(e.source_lang, e.source, e.target) for e in entries}
    written: set[tuple[str, str, str]] = set()
    units = []
    for entry in entries:
        key = (entry.source_lang, entry.source, entry.target)
        reverse = (entry.target_lang, entry.target, entry.source)
        if key in written:
            continue
        written.add(key)
        if reverse in keys:
            written.add(reverse)
            units.append(("*all*", entry))
        else:
            units.append((entry.source_lang, entry))
    return units


def export_tmx(store: Store, path: str | os.PathLike[str], *, source_lang: str | None = None,
               target_lang: str | None = None) -> int:
    """Write the memory (one direction when given) to *path* as TMX 1.4, atomically; returns the unit count."""
    entries = store.tm_all(source_lang, target_lang)
    write_bytes_atomic(path, render_tmx(entries))
    return len(_merge_directions(entries))
