#!/bin/bash
# Run a pipeline's sweep as a Slurm job array. Array task i of N runs `n2n run --shard i/N`
# (the index comes from SLURM_ARRAY_TASK_ID, shifted so the array may start above 0; N from
# SLURM_ARRAY_TASK_COUNT), which writes <output>/shard-i-of-N; merge them when the array is done:
#
#   sbatch --array=0-7 deploy/slurm-sweep.sh pipelines/sweep-example.yaml
#   sbatch --dependency=afterok:<array job id> --wrap 'npx n2n merge results/sweep-example'
#
# - Outputs: the pipeline's `output:` folder, relative to the folder sbatch was called from
#   (SLURM_SUBMIT_DIR); put the checkout (or at least that folder) on a filesystem every node
#   mounts. Each shard writes only its own shard-i-of-N folder, so tasks never contend.
# - Sizing: N shards partition the (variant, seed) units exactly (unit k goes to shard k mod N);
#   more shards than units leaves some empty. `n2n run PIPELINE --shard 0/N` prints the units.
# - Progress and resuming: `npx n2n status <output>` lists each shard as complete, running,
#   interrupted, stopped or not started; re-submit the unfinished indices
#   (sbatch --array=3,5 deploy/slurm-sweep.sh …): finished runs are skipped, nothing is repeated.
# - Data: set N2N_DATA (or pass --data-dir through N2N_ARGS) when the pipeline reads ${N2N_DATA}/… files.
#
# Checked on a real one-node Slurm 22.05 cluster by scripts/slurm-lane.sh (CI): 3 shards merged
# equal an unsharded run; a cancelled task resubmitted alone completes the merge.
#SBATCH --job-name=n2n-sweep
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=n2n-sweep-%A_%a.log
set -euo pipefail
PIPELINE=${1:?usage: sbatch --array=0-<N-1> deploy/slurm-sweep.sh PIPELINE.yaml}
COUNT=${SLURM_ARRAY_TASK_COUNT:?run this under sbatch --array}
INDEX=${SLURM_ARRAY_TASK_ID:?run this under sbatch --array}
# the array may start above 0 (--array=1-8): shift to 0..N-1
INDEX=$((INDEX - ${SLURM_ARRAY_TASK_MIN:-0}))
cd "${SLURM_SUBMIT_DIR:-.}"
exec npx n2n run "$PIPELINE" --shard "${INDEX}/${COUNT}" --quiet ${N2N_ARGS:-}
