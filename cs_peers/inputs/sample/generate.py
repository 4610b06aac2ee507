"""The orchestration: :func:`generate_sample` runs every stage and writes the files.

It checks its arguments, then runs the stages in a fixed order from one seeded generator, so
that the same arguments always give byte-identical files.

The synthetic, fictional sample datasets that ship inside the package (``sample_graphs/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from cs_peers.errors import CsPeersError, NotFoundError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.sample import DEFAULT_MIXING, DEFAULT_SEED, DEFAULT_YOUNG_PEOPLE
from cs_peers.inputs.sample._contexts import add_context_rows, lay_out_contexts, name_contexts
from cs_peers.inputs.sample._peers import add_peer_rows
from cs_peers.inputs.sample._people import (
    add_concern_rows,
    add_family_rows,
    add_protective_rows,
    draw_attributes,
    draw_people,
    plant_cohort,
)
from cs_peers.inputs.sample._rows import Rows, note_table, with_provenance
from cs_peers.inputs.sample.writing import (
    node_ids,
    write_associations,
    write_contexts,
    write_people,
    write_truth,
)
from cs_peers.inputs.source import load_dataset

__all__ = ["SAMPLE_NAMES", "SampleSummary", "borough_dataset", "generate_sample", "sample_path"]


@dataclass(frozen=True)
class SampleSummary:
    """What :func:`generate_sample` wrote: where, how many of each thing, and the seed."""

    out_dir: Path
    young_people: int
    adults: int
    contexts: int
    associations: int
    groups: int
    seed: int


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise CsPeersError(message)


def generate_sample(
    out_dir: Path,
    *,
    young_people: int = DEFAULT_YOUNG_PEOPLE,
    seed: int = DEFAULT_SEED,
    mixing: float = DEFAULT_MIXING,
    min_group: int = 3,
    max_group: int = 20,
    grouped_share: float = 0.7,
    progress: Callable[[str], None] | None = None,
) -> SampleSummary:
    """Return counts of a fictional dataset with planted peer groups written into ``out_dir``.

    Writes ``people.csv``, ``contexts.csv`` and ``associations.csv`` (input contract v1) and
    ``truth.csv`` (``person_id,group_id``: every young person planted in a group). The same
    arguments always give byte-identical files.

    Parameters
    ----------
    out_dir
        Folder to write into; created if missing. Files of those names in it are replaced.
    young_people
        How many young people. Adults are one in 25 of that (at least 3); contexts follow.
    seed
        Seed of the random generator (a non-negative integer).
    mixing
        Share of each grouped young person's peer associations that lead outside their group
        (0 = closed groups, 1 = no group structure left), as in the LFR benchmark. Up to 0.5
        the events inside groups stay the same and links leading out are added; beyond it
        events are dropped instead, so that the sample does not grow without bound.
    min_group, max_group
        Smallest and largest planted group; sizes follow a power law, so most are small.
    grouped_share
        Share of young people planted in a group; the others have only scattered peer links.
    progress
        Called with the name of each stage as it starts ("people", "associations",
        "writing associations.csv", …).

    Returns
    -------
    SampleSummary
        The folder and the numbers of young people, adults, contexts, association rows and
        planted groups written.

    Raises
    ------
    CsPeersError
        If a parameter is out of range or ``out_dir`` exists and is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     summary = generate_sample(Path(folder), young_people=200, seed=1)
    ...     sorted(p.name for p in Path(folder).iterdir())
    ['associations.csv', 'contexts.csv', 'people.csv', 'truth.csv']
    >>> summary.young_people, summary.adults
    (200, 8)
    """
    _check(young_people >= 1, f"young_people must be at least 1, not {young_people}")
    _check(seed >= 0, f"seed must be a non-negative integer, not {seed}")
    _check(0.0 <= mixing <= 1.0, f"mixing must be between 0 and 1, not {mixing}")
    _check(
        0.0 <= grouped_share <= 1.0,
        f"grouped_share must be between 0 and 1, not {grouped_share}",
    )
    _check(
        2 <= min_group <= max_group,
        f"need 2 <= min_group <= max_group, not {min_group} and {max_group}",
    )
    out_dir = Path(out_dir)
    _check(
        not out_dir.exists() or out_dir.is_dir(),
        f"{out_dir} exists and is not a folder",
    )

    def say(stage: str) -> None:
        if progress is not None:
            progress(stage)

    rng = np.random.default_rng(seed)
    n = young_people
    say("groups")
    cohort = plant_cohort(rng, n, grouped_share, min_group, max_group)

    say("people")
    people = draw_people(rng, cohort)

    say("contexts")
    layout = lay_out_contexts(rng, cohort)

    say("associations")
    rows = Rows()
    add_peer_rows(rng, cohort, mixing, rows)
    add_family_rows(rng, cohort, people.surname, rows)
    add_protective_rows(rng, cohort, people.caring, rows)
    add_concern_rows(rng, cohort, people.concern, rows)
    add_context_rows(rng, cohort, layout, people.total, rows)
    note_texts, note_of = note_table()
    assoc = with_provenance(rng, rows, note_of)
    del rows
    context_names = name_contexts(rng, layout)

    out_dir.mkdir(parents=True, exist_ok=True)
    ids = node_ids(people, layout)

    say("writing people.csv")
    write_people(out_dir / "people.csv", ids, people, draw_attributes(seed, people.age))

    say("writing contexts.csv")
    write_contexts(out_dir / "contexts.csv", ids, layout, context_names, people.total)

    say("writing associations.csv")
    n_rows = write_associations(out_dir / "associations.csv", ids, assoc, note_texts)

    say("writing truth.csv")
    write_truth(out_dir / "truth.csv", ids, cohort)
    say("done")
    return SampleSummary(out_dir, n, people.adults, layout.total, n_rows, cohort.n_groups, seed)


SAMPLE_NAMES = ("borough",)


def sample_path(name: str = "borough") -> Path:
    """Return the folder of a shipped sample dataset (a folder of CSV files).

    Examples
    --------
    >>> sorted(p.name for p in sample_path().glob("*.csv"))
    ['associations.csv', 'contexts.csv', 'people.csv', 'truth.csv']
    """
    if name not in SAMPLE_NAMES:
        raise NotFoundError(f"no sample called {name!r}; there is {', '.join(SAMPLE_NAMES)}")
    # The folder is installed as the package cs_peers.sample_graphs (see pyproject.toml).
    return Path(str(resources.files("cs_peers.sample_graphs").joinpath(name)))


def borough_dataset() -> Dataset:
    """Return the validated hand-made fictional borough (about 100 people, 5 groups)."""
    return load_dataset(sample_path("borough"))
