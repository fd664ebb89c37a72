"""Load NDA Lab run files and reproduce our models' forward passes outside Rust.

NDA Lab (this repository) trains small NDA-GANs (Sinha et al., ICLR 2021) in burn. This package
reads what it exports and computes what its models compute, so that our weights can be checked
against and loaded into other tools:

* `safetensors_io`: the safetensors format with NumPy only.
* `run_file`: a run file (zip) as config + per-run state dicts of G, D and the EMA G.
* `architecture`: the model sizes, from the weights, checked against the config.
* `numpy_ops`, `numpy_models`: a NumPy reference of the inference forward passes.
* `torch_models`: the same networks as plain PyTorch modules with `load_ours` (imports torch;
  import it explicitly, so that everything else works with NumPy alone).
* `checks`: what the two check scripts share.
"""

from .run_file import GanRun, RunFile, load_run_file
from .safetensors_io import read_safetensors, write_safetensors

__all__ = ["GanRun", "RunFile", "load_run_file", "read_safetensors", "write_safetensors"]
