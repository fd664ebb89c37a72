"""Opens an NDA Lab run file: the zip that the page's "Export run" and `nda-lab gan` write.

Layout (`crates/plain/src/experiment/gan/archive.rs`):

    README.md                        how to read the file
    config.json                      the experiment config (`ExperimentConfig`, version 1)
    runs/nda/weights.safetensors     generator.*, discriminator.*, ema_generator.* (F32);
                                     the metadata holds `iteration`
    runs/nda/metrics.csv             the losses and mean D scores as reported during training
    runs/nda/samples.png             the EMA generator's last fixed-noise grid (optional)
    runs/baseline/...                the same for the baseline, when the run compared with one

Weight names are burn's module paths (`ema_generator.blocks.0.conv.weight`); we split them by
their first component into one state dict per network, names relative to the network, values as
stored (burn's layouts: see `architecture.py` and `numpy_models.py`).
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from .safetensors_io import read_safetensors

#: The run folders a file may hold, in order (`RUN_LABELS` in experiment/run_labels.rs).
RUN_LABELS = ("nda", "baseline")

#: The networks of a GAN run, by the name prefix of their weights (host_weights.rs).
NETWORK_PREFIXES = ("generator", "discriminator", "ema_generator")


@dataclass
class GanRun:
    """One trained GAN of a run file (`runs/<label>/`)."""

    #: `nda` or `baseline`.
    label: str
    #: The live generator's weights, `{name: array}` without the `generator.` prefix.
    generator: dict
    #: The discriminator's weights, without the `discriminator.` prefix.
    discriminator: dict
    #: The EMA generator's weights (the one that makes every sample), without its prefix.
    ema_generator: dict
    #: The training iteration the weights belong to (from the safetensors metadata).
    iteration: int
    #: The whole safetensors metadata.
    metadata: dict = field(default_factory=dict)
    #: `metrics.csv` as one dict per row, numbers as floats (empty strings as None).
    metrics: list = field(default_factory=list)
    #: `samples.png`, as bytes, when the file has it.
    grid_png: bytes = None


@dataclass
class RunFile:
    """A whole run file: the config and its runs by label."""

    #: `config.json`, parsed.
    config: dict
    #: `{"nda": GanRun, "baseline": GanRun}` (the baseline only when the run compared with one).
    runs: dict

    def run(self, label="nda"):
        """The run of `label`; the error lists the labels the file has."""
        if label not in self.runs:
            raise KeyError(f"the run file has no run {label!r}; it has {sorted(self.runs)}")
        return self.runs[label]


def load_run_file(path):
    """Reads a run file from a path (or a binary file object) and splits its weights."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "config.json" not in names:
            raise ValueError(f"{path} has no config.json: it is not an NDA Lab run file")
        config = json.loads(archive.read("config.json").decode("utf-8"))
        runs = {}
        for label in RUN_LABELS:
            folder = f"runs/{label}"
            if f"{folder}/weights.safetensors" not in names:
                continue
            runs[label] = _read_run(archive, names, label, folder)
    if "nda" not in runs:
        raise ValueError(f"{path} has no runs/nda/weights.safetensors")
    return RunFile(config=config, runs=runs)


def split_by_prefix(tensors, prefixes):
    """`{"a.b.c": x}` -> `{"a": {"b.c": x}}` for each prefix in `prefixes`; other names are an
    error (a file with an unknown network is not one we know how to load)."""
    networks = {prefix: {} for prefix in prefixes}
    for name, array in tensors.items():
        prefix, _, rest = name.partition(".")
        if prefix not in networks or not rest:
            raise ValueError(f"unexpected weight {name!r}: names start with one of {prefixes}")
        networks[prefix][rest] = array
    return networks


def _read_run(archive, names, label, folder):
    tensors, metadata = read_safetensors(archive.read(f"{folder}/weights.safetensors"))
    networks = split_by_prefix(tensors, NETWORK_PREFIXES)
    metrics_name = f"{folder}/metrics.csv"
    metrics = _parse_metrics(archive.read(metrics_name)) if metrics_name in names else []
    grid_name = f"{folder}/samples.png"
    return GanRun(
        label=label,
        iteration=int(metadata.get("iteration", 0)),
        metadata=metadata,
        metrics=metrics,
        grid_png=archive.read(grid_name) if grid_name in names else None,
        **networks,
    )


def _parse_metrics(raw):
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    return [{key: _number(value) for key, value in row.items()} for row in rows]


def _number(text):
    """A CSV cell as a float; an empty cell (a metric not measured at that point) as None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text
