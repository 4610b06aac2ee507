"""Grouping: the evidence between young people and the method that finds candidate groups.

:mod:`~.evidence` weighs the associations and shared contexts (with a logarithm and ``expm1``
that give the same bits on every machine); :mod:`~.leiden` runs Leiden-CPM, chooses the
resolution from the data and spreads the runs over the cores; :mod:`~.consensus` the
membership over many runs; :mod:`~.groups` applies the rules a candidate group must meet and
puts them together as :func:`~.groups.detect_peer_groups`; :mod:`~.parameters` holds what
decides the groups, with their defaults.
"""
