"""Mappings: a local authority's own spreadsheets read as the input contract.

:mod:`~.spec` is the mapping file; :mod:`~.tables` and :mod:`~.dates` read the user's tables and
dates; :mod:`~.inference` infers people and contexts from the links; :mod:`~.reading` turns a
mapped folder into contract tables; :mod:`~.guess`, :mod:`~.draft` and :mod:`~.report` write and
check a draft mapping.
"""
