"""Analysis: from a validated dataset to candidate peer groups and what is said about them.

- :mod:`~cs_peers.analysis.run` — one analysis asked for (source, selection, parameters, what
  to keep) and the one call that answers it: groups, stable ids, the run recorded, provenance;
- :mod:`~cs_peers.analysis.provenance` — what every output says about how it was made;
- :mod:`cs_peers.analysis.grouping` — evidence between young people and the group method;
- :mod:`~cs_peers.analysis._identity`, :mod:`~cs_peers.analysis.history`,
  :mod:`~cs_peers.analysis.lineage`, :mod:`~cs_peers.analysis.meetings`,
  :mod:`~cs_peers.analysis.person_history` — groups over time: stable ids, the runs kept, which
  runs are of the same data, what changed since the last meeting, one young person's groups;
- :mod:`~cs_peers.analysis.contexts`, :mod:`~cs_peers.analysis.profiles` — what each group shares;
- :mod:`~cs_peers.analysis.group_story` — one group's story, as every output tells it;
- :mod:`~cs_peers.analysis.outside_groups` — the young people in no group, and their strongest ties;
- :mod:`~cs_peers.analysis._model` — the case network as a NetworkX graph, to explore in Python;
- :mod:`cs_peers.analysis.questions`, :mod:`cs_peers.analysis.reviews`,
  :mod:`cs_peers.analysis.equality` — questions, meeting decisions, equality figures.

Imports only :mod:`cs_peers.inputs` and the shared basics, never graphdb or outputs.
"""
