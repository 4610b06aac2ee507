"""Questions about one, two or several people (ego network, shortest paths, connecting network).

:mod:`~.answers` answers them from a :class:`~.answers.CaseSource`; :mod:`~.types` holds the
shared types; :mod:`~.embedded` is the source over a validated dataset (NetworkX); the Neo4j
source is :mod:`cs_peers.graphdb.questions`; :mod:`~.steiner` builds connecting networks;
:mod:`~.text` words the answers.
"""
