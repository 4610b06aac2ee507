"""Equality figures: who the candidate groups pick out, against who is recorded, by attribute.

:mod:`~.figures` finds the attribute columns and each young person's value, and counts the
figures (:func:`~.figures.equality_figures`); :mod:`~.model` holds them as typed values
(:class:`~.model.EqualityFigures`) and their arithmetic: relative rates with their intervals,
and suppression. Tables, pages and briefing sections are in :mod:`cs_peers.outputs.equality`.
"""
