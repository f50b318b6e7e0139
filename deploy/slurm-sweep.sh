#!/bin/bash
# Run a pipeline's sweep as a Slurm job array. Array task i runs `n2n run --shard i/N`, which
# writes <output>/shard-i-of-N: the shard index is SLURM_ARRAY_TASK_ID, and N is the second
# argument, or, when the array is 0..N−1 itself, its size. Merge when the array is done:
#
#   sbatch --array=0-7 deploy/slurm-sweep.sh pipelines/sweep-example.yaml
#   sbatch --dependency=afterok:<array job id> --wrap 'npx n2n merge results/sweep-example'
#
# Resubmitting some indices of an 8-way sweep names N, since that array alone cannot tell it:
#
#   sbatch --array=3,5 deploy/slurm-sweep.sh pipelines/sweep-example.yaml 8
#
# - Outputs: the pipeline's `output:` folder, relative to the folder sbatch was called from
#   (SLURM_SUBMIT_DIR); put the checkout (or at least that folder) on a filesystem every node
#   mounts. Each shard writes only its own shard-i-of-N folder, so tasks never contend.
# - Sizing: N shards partition the (variant, seed) units exactly (unit k goes to shard k mod N);
#   more shards than units leaves some empty. `n2n run PIPELINE --shard 0/N` prints the units.
# - Progress and resuming: `npx n2n status <output>` lists each shard as complete, running,
#   interrupted, stopped or not started; re-submit the unfinished indices with N
#   (sbatch --array=3,5 deploy/slurm-sweep.sh PIPELINE 8): finished runs are skipped.
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
PIPELINE=${1:?usage: sbatch --array=0-<N-1> deploy/slurm-sweep.sh PIPELINE.yaml [N]}
INDEX=${SLURM_ARRAY_TASK_ID:?run this under sbatch --array}
if [ -n "${2:-}" ]; then
  COUNT=$2
elif [ "${SLURM_ARRAY_TASK_MIN:-}" = 0 ] && [ -n "${SLURM_ARRAY_TASK_MAX:-}" ] && [ "${SLURM_ARRAY_TASK_COUNT:-}" = $((SLURM_ARRAY_TASK_MAX + 1)) ]; then
  COUNT=$((SLURM_ARRAY_TASK_MAX + 1))
else
  echo "slurm-sweep: this array (${SLURM_ARRAY_TASK_MIN:-?}..${SLURM_ARRAY_TASK_MAX:-?}, ${SLURM_ARRAY_TASK_COUNT:-?} tasks) is not 0..N-1; give the shard count: sbatch --array=… deploy/slurm-sweep.sh $PIPELINE N" >&2
  exit 2
fi
if ! [ "$COUNT" -ge 1 ] 2>/dev/null || [ "$INDEX" -ge "$COUNT" ]; then
  echo "slurm-sweep: shard index $INDEX is not below the shard count $COUNT" >&2
  exit 2
fi
cd "${SLURM_SUBMIT_DIR:-.}"
# n2n itself, not through npx, so that scancel's SIGTERM reaches it (it then marks the shard
# interrupted and removes its temporary files)
if [ -x node_modules/.bin/n2n ]; then
  exec node_modules/.bin/n2n run "$PIPELINE" --shard "${INDEX}/${COUNT}" --quiet ${N2N_ARGS:-}
elif [ -f bin/n2n.js ] && grep -q '"name": "n2n"' package.json 2>/dev/null; then
  exec node bin/n2n.js run "$PIPELINE" --shard "${INDEX}/${COUNT}" --quiet ${N2N_ARGS:-}
fi
exec npx n2n run "$PIPELINE" --shard "${INDEX}/${COUNT}" --quiet ${N2N_ARGS:-}
