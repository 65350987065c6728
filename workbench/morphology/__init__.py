"""Finding glossary terms in text: Russian in any inflected form, Chinese by longest match.

:mod:`.russian` wraps pymorphy3 (lemmas, grammatical agreement, inflecting a
multi-word term into every case); :mod:`.matcher` finds the terms of a glossary
in a text and reports their spans.
"""
