"""Outputs: what practitioners and meetings read — diagrams, assessment seeds, packs, briefings.

:mod:`cs_peers.outputs.diagrams` (pyvis pages and static exports),
:mod:`cs_peers.outputs.assessment`
(Word and Markdown seeds), :mod:`cs_peers.outputs.briefing` (the printable PDF),
:mod:`cs_peers.outputs.equality` (tables and page), :mod:`~cs_peers.outputs.pack` (the whole
meeting pack) and its pages; :mod:`~cs_peers.outputs.folders` writes every output folder safely and
:mod:`~cs_peers.outputs.audiences` decides what each audience sees.
"""
