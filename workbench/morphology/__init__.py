"""Language knowledge: Russian inflection and Chinese words, and Palladius transcription.

:mod:`.russian` wraps pymorphy3 (lemmas, grammatical agreement, inflecting a
multi-word term into every case), :mod:`.government` the cases verbs and
prepositions govern, :mod:`.chinese` jieba's words, :mod:`.palladius` the
Chinese–Russian transcription. Finding a glossary's terms in a text with them
is :mod:`workbench.glossary.matching`.
"""
