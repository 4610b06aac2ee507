"""Mappings: a local authority's own spreadsheets read as the input contract.

:mod:`~.spec` is the mapping file; :mod:`~._tables` reads the user's tables and
:mod:`~._values` their dates (it also says what a column's values look like); :mod:`~.reading`
turns a mapped folder into contract tables, inferring people and contexts from the links;
:mod:`~.draft` writes a draft mapping from the guesses of :mod:`~._guess` and
:mod:`~._headers`, and checks a mapping (``cs-peers mapping check``).
"""
