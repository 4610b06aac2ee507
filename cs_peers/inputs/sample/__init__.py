"""Synthetic, fictional datasets with planted peer groups, for demos, tests and benchmarks.

:func:`generate_sample` writes a dataset in the input contract (``people.csv``,
``contexts.csv``, ``associations.csv``) plus the ground truth ``truth.csv`` (which young person
was planted in which group), so that group detection can be scored against known answers and
timed at the sizes the brief names: a borough cohort, a police force's network, and beyond.

The model is a planted partition in the spirit of the LFR benchmark (Lancichinetti, Fortunato
and Radicchi, 2008), with associations arising as real records do. Inside a planted group they
come from *events*: one record (seen together, missing together, named together in a referral,
arrested together, a group chat exchange) involves 2-6 members at once and yields an
association between each pair of them, all with the record's date, reference and type. A ring
of events ties every member in, so every planted group is connected; more events draw members
by a heavy-tailed activity, so some members are in many records and some in two or three.
Group sizes are heavy-tailed too, and a share ``mixing`` of every grouped young person's peer
associations leads outside their group, to random young people. Young people in no group have
a few scattered links (about one each on average; most have none). Around it sits what a real
extract holds: schools, places and online spaces (small ones used by one group, big ones used
by many), family links, trusted adults, protective peers, adults of concern, repeat
observations of the same pair, and provenance on every row. People also carry fictional
``ethnicity``, ``gender`` and ``date_of_birth`` columns, drawn independently of the groups (see
:mod:`cs_peers.inputs.sample._people`), for the equality figures.

Every name is invented (people are called things like "Quorra Pebblewick", schools
"Larkfield Academy"); no real person, school or place is in the output.

Everything is vectorised with numpy and the CSV text is assembled as bytes, because at a million
young people (about nine million association rows) per-row Python would take many minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cs_peers._lazy import lazy_attributes

if TYPE_CHECKING:  # what the names below resolve to, for type checkers
    from cs_peers.inputs.sample._rows import SAMPLE_DAYS, SAMPLE_END_DATE
    from cs_peers.inputs.sample.generate import SampleSummary, generate_sample

__all__ = [
    "DEFAULT_MIXING",
    "DEFAULT_SEED",
    "DEFAULT_YOUNG_PEOPLE",
    "SAMPLE_DAYS",
    "SAMPLE_END_DATE",
    "SampleSummary",
    "generate_sample",
]

# The defaults of generate_sample, here so that `cs-peers sample --help` can show them without
# importing numpy (the rest of this package is imported when first used).
DEFAULT_YOUNG_PEOPLE = 1000
DEFAULT_SEED = 0
DEFAULT_MIXING = 0.2

_HOMES = {
    "SAMPLE_DAYS": "cs_peers.inputs.sample._rows",
    "SAMPLE_END_DATE": "cs_peers.inputs.sample._rows",
    "SampleSummary": "cs_peers.inputs.sample.generate",
    "generate_sample": "cs_peers.inputs.sample.generate",
}


__getattr__ = lazy_attributes(__name__, _HOMES)
