"""Questions about one, two or several people (ego network, shortest paths, connecting network).

:mod:`~.answers` answers them from a :class:`~.answers.CaseSource`, builds connecting networks
(:func:`~.answers.steiner_edges`) and holds the source over a validated dataset
(:class:`~.answers.EmbeddedSource`, NetworkX); the Neo4j source is
:mod:`cs_peers.graphdb.questions`; :mod:`~.types` holds the shared types; :mod:`~.text` words
the answers.
"""
