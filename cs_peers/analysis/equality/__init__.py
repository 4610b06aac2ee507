"""Equality figures: who the candidate groups pick out, against who is recorded, by attribute.

:mod:`~.attributes` finds the attribute columns; :mod:`~.rates` computes relative rates with
their intervals and suppression; :mod:`~.figures` returns :class:`~.figures.EqualityFigures`.
Tables, pages and briefing sections are in :mod:`cs_peers.outputs.equality`.
"""
