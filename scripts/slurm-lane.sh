#!/usr/bin/env bash
# The Slurm lane: a real one-node Slurm cluster from Debian's packages (munge, slurmctld and
# slurmd on loopback, a generated slurm.conf under a temporary folder), running the shipped
# job-array script deploy/slurm-sweep.sh on pipelines/slurm-lane.yaml in 3 shards.
#   1. sharded: sbatch --array=0-2 --wait, n2n merge; the merged results.csv must equal an
#      unsharded n2n run of the same pipeline, every column but the timings;
#   2. kill and resubmit: the array again into a fresh folder, array task 1 cancelled as soon as
#      it runs, then resubmitted alone (--array=1); the merge must again equal the unsharded run,
#      nothing lost or duplicated.
# Prints "slurm lane: P passed, F failed" (exit 0 when F = 0, else 1), or, when Slurm cannot be
# installed or started here, "slurm lane: skipped: WHY" (exit 3). Needs root (it starts daemons
# and may apt-get install slurm-wlm).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

skip() { echo "slurm lane: skipped: $*"; exit 3; }
[ "$(id -u)" = 0 ] || skip "not root: the lane starts munged, slurmctld and slurmd"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || skip "slurm-wlm is not installed and there is no apt-get"
  (apt-get install -y --no-install-recommends slurm-wlm >/dev/null 2>&1 \
    || (apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends slurm-wlm >/dev/null 2>&1)) \
    || skip "apt-get could not install slurm-wlm"
fi

D=$(mktemp -d /tmp/n2n-slurm-lane.XXXXXX)
mkdir -p "$D/state" "$D/spool" "$D/log"
HOST=$(hostname -s)
MEM_MB=$(awk '/MemTotal/ {print int($2 / 1024) - 512}' /proc/meminfo)
export SLURM_CONF="$D/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=n2nlane
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$HOST CPUs=2 RealMemory=$MEM_MB State=UNKNOWN NodeAddr=127.0.0.1
PartitionName=lane Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

started_munge=0
cleanup() {
  scancel --quiet --user=root >/dev/null 2>&1 || true
  for p in slurmd slurmctld; do [ -f "$D/$p.pid" ] && kill "$(cat "$D/$p.pid")" >/dev/null 2>&1; done
  [ "$started_munge" = 1 ] && pkill -x munged >/dev/null 2>&1
  sleep 1
  rm -rf "$D"
}
trap cleanup EXIT

# munge: a key, its folders, the daemon (unless one already answers)
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge
  [ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null
  chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key && chmod 755 /run/munge
  su -s /bin/sh munge -c munged >/dev/null 2>&1 || skip "munged would not start"
  started_munge=1
  sleep 1
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || skip "munge does not answer"
fi
slurmctld -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmctld would not start ($(tail -1 "$D/log/slurmctld.log" 2>/dev/null))"
sleep 1
slurmd -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmd would not start ($(tail -1 "$D/log/slurmd.log" 2>/dev/null))"
for _ in $(seq 1 60); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 1
done
sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' || skip "the node did not come up ($(sinfo -h -o '%t %E' 2>&1 | head -1))"
timeout 60 srun -t 1 hostname >/dev/null 2>&1 || skip "srun hostname did not answer"
echo "slurm lane: a one-node cluster is up on $HOST (slurm $(sinfo -V | awk '{print $2}'))"

passed=0
failed=0
check() { if [ "$1" = 0 ]; then passed=$((passed + 1)); echo "slurm lane: pass: $2"; else failed=$((failed + 1)); echo "slurm lane: FAIL: $2" >&2; fi; }

OUT="$D/runs"
mkdir -p "$OUT"
lane_pipeline() { # a copy of the lane pipeline writing to $1
  sed "s#^output: .*#output: $1#" pipelines/slurm-lane.yaml >"$OUT/$(basename "$1").yaml"
  echo "$OUT/$(basename "$1").yaml"
}
same() { node scripts/compare-results.mjs "$1/results.csv" "$2/results.csv"; }

# the reference: one unsharded run
REF=$(lane_pipeline "$OUT/unsharded")
npx n2n run "$REF" --quiet >"$D/log/unsharded.txt" 2>&1
check $? "unsharded run of pipelines/slurm-lane.yaml"

# 1. three shards through the job array, then merge
A=$(lane_pipeline "$OUT/sharded")
timeout 600 sbatch --wait --mem=2G --array=0-2 --output="$D/log/array-%A_%a.log" deploy/slurm-sweep.sh "$A" >/dev/null 2>"$D/log/sbatch1.txt"
check $? "sbatch --array=0-2 --wait deploy/slurm-sweep.sh (3 shards)"
npx n2n merge "$OUT/sharded" >"$D/log/merge1.txt" 2>&1
check $? "n2n merge of the 3 shards"
same "$OUT/sharded" "$OUT/unsharded"
check $? "merged results equal the unsharded run (every column but timings)"

# 2. kill array task 1 as soon as it runs, resubmit it, merge
K=$(lane_pipeline "$OUT/killed")
job=$(sbatch --parsable --mem=2G --array=0-2 --output="$D/log/kill-%A_%a.log" deploy/slurm-sweep.sh "$K" 2>"$D/log/sbatch2.txt")
# wait until task 1 has written its first rows, then cancel it (mid-shard)
how="pending"
for _ in $(seq 1 3000); do
  state=$(squeue -h -j "${job}_1" -o %t 2>/dev/null)
  [ -z "$state" ] && { how="already finished"; break; }
  if [ "$state" = "R" ]; then
    how="running"
    [ -s "$OUT/killed/shard-1-of-3/results.csv" ] && { how="running, after its first rows"; break; }
  fi
  sleep 0.05
done
scancel "${job}_1" >/dev/null 2>&1
for _ in $(seq 1 600); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.5; done
partial=$(($(cat "$OUT/killed/shard-1-of-3/results.csv" 2>/dev/null | wc -l) - 1))
[ "$partial" -lt 0 ] && partial=0
echo "slurm lane: array task ${job}_1 cancelled while $how; its shard held $partial of the rows it owes"
npx n2n status "$OUT/killed" >"$D/log/status1.txt" 2>&1
st=$?
if grep -qE '^1/3 +complete' "$D/log/status1.txt"; then
  # the task finished before the cancel took effect: status must then say so, with every run done
  grep -qE '^1/3 +complete +[0-9]+ +([0-9]+)/\1 ' "$D/log/status1.txt" && [ "$st" = 0 ]
  check $? "n2n status: shard 1 finished before the cancel took effect, and says complete with every run"
else
  grep -qE '^1/3 +(interrupted|stopped|not started)' "$D/log/status1.txt" && grep -qE '^0/3 +complete' "$D/log/status1.txt" && grep -qE '^2/3 +complete' "$D/log/status1.txt" && [ "$st" = 1 ]
  check $? "n2n status names the cancelled shard as unfinished, the others complete (shard 1: $(grep -E '^1/3' "$D/log/status1.txt" | sed 's/^1\/3 *//' | awk '{print $1, $3}') runs)"
fi
timeout 600 sbatch --wait --mem=2G --array=1 --output="$D/log/resubmit-%A_%a.log" deploy/slurm-sweep.sh "$K" 3 >/dev/null 2>"$D/log/sbatch3.txt"
check $? "the cancelled index resubmitted alone (sbatch --array=1 … PIPELINE 3)"
npx n2n status "$OUT/killed" >"$D/log/status2.txt" 2>&1
check $? "n2n status says every shard is complete after the resubmission"
npx n2n merge "$OUT/killed" >"$D/log/merge2.txt" 2>&1
check $? "n2n merge after the resubmission"
same "$OUT/killed" "$OUT/unsharded"
check $? "after kill and resubmit, the merged results equal the unsharded run (nothing lost or duplicated)"
# the resubmitted task ran shard 1 of 3, not a whole sweep of its own
[ "$(find "$OUT/killed" -maxdepth 1 -name 'shard-*' | wc -l)" = 3 ] && [ -d "$OUT/killed/shard-1-of-3" ]
check $? "the resubmission wrote shard-1-of-3 and nothing else"

if [ "$failed" -gt 0 ]; then
  echo "slurm lane: logs:" >&2
  for f in "$D"/log/*; do echo "--- $f" >&2; tail -20 "$f" >&2; done
fi
echo "slurm lane: $passed passed, $failed failed"
[ "$failed" = 0 ]
