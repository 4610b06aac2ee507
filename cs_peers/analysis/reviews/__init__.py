"""Reviews: the meeting's decisions about candidate groups, kept and applied to later runs.

:mod:`~.records` is the append-only review log; :mod:`~.decide` checks a decision against the
run; :mod:`~.apply` applies the decisions to a new run's groups.
"""
