#!/bin/bash
# Checks the scheduler wrappers in deploy/ (make test): the SLURM script parses (bash -n), passes
# shellcheck and turns array indices into the right shard; the Kubernetes Job validates against
# the API's schema, strictly (unknown fields refused). kubernetes-validate ships its schemas, so
# nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

script=deploy/slurm/study.sbatch
bash -n "$script"
shellcheck "$script"
# An array of 3 tasks numbered from 0: task 2 is shard 3/3 (a stand-in binary prints the call).
got=$(NDA_LAB=echo SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_ID=2 \
  SLURM_CPUS_PER_TASK=2 bash "$script" study.json runs/x)
want="study --config study.json --shard 3/3 --jobs 2 --out runs/x/shard-3"
[ "$got" = "$want" ] || { echo "$script ran: $got (expected: $want)" >&2; exit 1; }
if NDA_LAB=echo bash "$script" study.json 2>/dev/null; then
  echo "$script ran outside a job array" >&2; exit 1
fi

.tools/py-venv/bin/kubernetes-validate --strict --quiet deploy/kubernetes/study-job.yaml
echo "deploy/: the SLURM script and the Kubernetes Job check out"
