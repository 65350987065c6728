"""The glossary's data model: a :class:`Term` per agreed name, a :class:`Glossary` of them.

A term pairs a Russian form (dictionary form: nominative singular) with the
agreed Chinese form. Spelling variants on either side are accepted when the
term is *found* in a source text; the first (canonical) form is what a
translation must *produce*:

* ``ru_variants`` — other Russian spellings, e.g. «СВФУ» for «Северо-Восточный
  федеральный университет»; each is matched in any inflected form.
* ``zh_variants`` — other Chinese spellings, e.g. 黑河市 beside 黑河.

A term may also list *derived words*: ``ru_derived``, the Russian words a
zh→ru translation may render the term by instead of the name itself — the
relational adjective of a place (中国指南 → «китайские рекомендации», not
«рекомендации Китая») or its inhabitants (中国人 → «китайцы»). They are
accepted in a Russian translation, in any inflected form, and never looked
for in a Russian source: «китайский язык» is not 中国.

In a PO file variants follow the canonical form in the same field, separated
by `` | ``; derived words are a ``#. derived: …`` line (see
:mod:`workbench.glossary.po`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds a term may have (its PO ``msgctxt``).
KINDS = ("person", "organisation", "place", "title", "event", "other")

VARIANT_SEPARATOR = " | "


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        ru: canonical Russian form, dictionary form (nominative singular).
        zh: canonical Chinese form: what ru→zh output must contain.
        kind: one of :data:`KINDS`.
        ru_variants: further Russian spellings accepted in a source text.
        zh_variants: further Chinese spellings accepted in a source text.
        ru_derived: Russian words derived from the term (dictionary form,
            e.g. «китайский»), accepted in a Russian translation.
        notes: notes for translators (PO ``#.`` comments).
        references: where the term was attested (PO ``#:`` lines).
        fuzzy: True while the entry is not yet confirmed.
        origin: ``file:line`` of the entry, for messages.
    """

    ru: str
    zh: str
    kind: str = "other"
    ru_variants: tuple[str, ...] = ()
    zh_variants: tuple[str, ...] = ()
    notes: str = ""
    ru_derived: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    fuzzy: bool = False
    origin: str = field(default="", compare=False)

    @property
    def ru_forms(self) -> tuple[str, ...]:
        """The canonical Russian form followed by its variants."""
        return (self.ru, *self.ru_variants)

    @property
    def zh_forms(self) -> tuple[str, ...]:
        """The canonical Chinese form followed by its variants."""
        return (self.zh, *self.zh_variants)

    def source_forms(self, lang: str) -> tuple[str, ...]:
        """Forms to look for in a source text of language ``lang``."""
        return self.ru_forms if lang == "ru" else self.zh_forms

    def target(self, lang: str) -> str:
        """The canonical form in language ``lang``."""
        return self.ru if lang == "ru" else self.zh


def derived_word_owners(terms) -> dict[str, list[Term]]:
    """Each derived word of ``terms`` (its first spelling; case ignored) → every term listing it.

    A word may be derived from several terms («якутский»: Якутск and Якутия); a
    matcher keeps one of overlapping matches, so it searches each word once and
    the caller credits all its terms.
    """
    owners: dict[str, tuple[str, list[Term]]] = {}
    for term in terms:
        for word in term.ru_derived:
            if word:
                owners.setdefault(word.lower(), (word, []))[1].append(term)
    return dict(owners.values())


@dataclass
class Glossary:
    """An ordered collection of terms, usually loaded from several PO files."""

    terms: list[Term] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self):
        return iter(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def extend(self, other: "Glossary") -> None:
        """Append the terms and source files of ``other``."""
        self.terms.extend(other.terms)
        self.sources.extend(other.sources)
