"""Graph database: the Neo4j side of cs-peers.

The package's modules, one topic each:

- :mod:`~.store`: where the database is and how to log in, the :class:`~.store.QueryRunner`
  seam every query goes through, and the store that connects and runs the templates;
- :mod:`~.templates`: the ``cypher/`` library of Cypher templates, each file's header parsed,
  and a command line's text bound to a template's parameters;
- :mod:`~.load`: loads a dataset in batches, so that loading again adds nothing, and writes
  candidate groups back;
- :mod:`~.source`: Neo4j as a data source of the analysis: the dataset read back, and the
  analysis' groups written back;
- :mod:`~.records`: runs, meetings, reviews, actions and their events kept in the database;
- :mod:`~.questions`: questions (``ego``, ``path``, ``connect``) answered by the database;
- :mod:`cs_peers.graphdb.local`: builds and runs a local Neo4j from Maven Central.

May import inputs and analysis; outputs never import it.
"""
