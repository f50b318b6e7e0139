#!/bin/bash
# Run a pipeline's sweep as a Slurm job array: task i of N runs `n2n run --shard i/N`, which
# writes <output>/shard-i-of-N; merge them when the array is done:
#
#   sbatch --array=0-7 deploy/slurm-sweep.sh pipelines/sweep-example.yaml
#   sbatch --dependency=afterok:<array job id> --wrap 'npx n2n merge results/sweep-example'
#
# Shards are numbered from 0 and partition the (variant, seed) units exactly; re-submitting a
# failed index resumes that shard (finished runs are skipped). Set N2N_DATA (or pass
# --data-dir through N2N_ARGS) when the pipeline reads ${N2N_DATA}/… files.
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
