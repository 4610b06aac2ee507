"""Inputs: everything before the analysis — reading files, mappings, validation, the dataset.

- :mod:`~cs_peers.inputs.reading` reads CSV files and workbooks within
  :mod:`~cs_peers.inputs.limits`;
- :mod:`~cs_peers.inputs.validation` checks them against the input contract
  (:mod:`~cs_peers.inputs.columns`, :mod:`~cs_peers.inputs.vocabulary`), collecting
  :mod:`~cs_peers.inputs.validation`, and returns a :class:`~cs_peers.inputs.dataset.Dataset`;
- :mod:`~cs_peers.inputs.source` is the way in: :func:`~cs_peers.inputs.source.load_dataset` reads
  and validates in one call;
- :mod:`cs_peers.inputs.mapping` reads a local authority's own spreadsheets through a mapping file;
- :mod:`cs_peers.inputs.sample` generates, and ships, synthetic fictional datasets.

Nothing here imports from the later stages (analysis, graphdb, outputs, governance).
"""
