"""Graph database: the Neo4j side of cs-peers.

:mod:`~.store` connects and runs :mod:`~.templates` (the ``cypher/`` library); :mod:`~.loading`
loads a dataset, reads it back and writes groups back; :mod:`~.history`, :mod:`~.reviews` and
:mod:`~.questions` keep runs, reviews and answer questions in the database; :mod:`~.source`
is Neo4j as a data source of the analysis (read back) and where its groups are written back;
:mod:`cs_peers.graphdb.local`
builds and runs a local Neo4j from Maven Central.

May import inputs and analysis; outputs never import it.
"""
