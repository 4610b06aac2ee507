"""Graph database: the Neo4j side of cs-peers.

:mod:`~.settings` says where the database is; :mod:`~.store` connects and runs the
:mod:`~.templates` (the ``cypher/`` library, each file read by :mod:`~.template_file`);
:mod:`~.load` loads a dataset (in batches shaped by :mod:`~.load_batches`), :mod:`~.read_back`
reads it back for the analysis and :mod:`~.write_groups` writes candidate groups back;
:mod:`~.history`, :mod:`~.reviews` and :mod:`~.questions` keep runs, reviews and answer
questions in the database; :mod:`cs_peers.graphdb.local` builds and runs a local Neo4j from
Maven Central.

May import inputs and analysis; outputs never import it.
"""
