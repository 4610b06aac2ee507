"""Grouping: the evidence between young people and the method that finds candidate groups.

:mod:`~.evidence` weighs the associations and shared contexts; :mod:`~.resolution` chooses the
resolution; :mod:`~.consensus` the membership over many runs; :mod:`~.rules` the rules a
candidate group must meet; :mod:`~.groups` puts them together as :func:`~.groups.find_groups`.
"""
