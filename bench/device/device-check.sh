#!/usr/bin/env bash
# n2n on a GPU machine, in one run (it has no Node.js and no registry; everything comes in .gpu/,
# made here by bench/device/pack-device.sh, about 34 MiB):
#   run(command="bash bench/device/device-check.sh", carry=[".gpu"], timeout_s=420)
# (a) the backends and the adapter, (b) derive --task hits on R-MAT graphs on the host (float64,
# every core) and on webgpu, their B compared, (c) n2n's WGSL SpMM's effective bandwidth, (d) a
# CUDA-native yardstick: CuPy's svds on the same graph. Everything lands in $OUT. SCALES="20 22".
set -uo pipefail
cd "$(dirname "$0")/../.."; D=bench/device
OUT=${OUT:-/tmp/n2n-out}; mkdir -p "$OUT"; exec > >(tee "$OUT/log.txt") 2>&1
T0=$(date +%s%N); log() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%4d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"; }
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }
log "unpack"
if ! command -v node >/dev/null; then
  mkdir -p /tmp/n2n-node && unxz .gpu/node.xz > /tmp/n2n-node/node && chmod +x /tmp/n2n-node/node || exit 1
  export PATH=/tmp/n2n-node:$PATH
fi
unxz .gpu/app.tar.xz | tar -x -C . && unxz .gpu/webgpu.tar.xz | tar -x -C . || exit 1
if ! ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then for f in .gpu/libvulkan1_*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done; ldconfig 2>/dev/null; fi
for j in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$j" ] && { export VK_DRIVER_FILES=$j VK_ICD_FILENAMES=$j; break; }; done
export XDG_RUNTIME_DIR=/tmp
log "node $(node --version); vulkan ICD ${VK_DRIVER_FILES:-default}; commit $(cat .gpu/commit 2>/dev/null || echo '?')"
nvidia-smi --query-gpu=name,driver_version,memory.total,memory.total,clocks.max.memory --format=csv,noheader || true
log "(a) n2n backends --backend webgpu"; timeout 60 node bin/n2n.js backends --backend webgpu --json > "$OUT/backends.json"; cat "$OUT/backends.json"
for s in ${SCALES:-20 22}; do
  g=/tmp/rmat$s.txt
  log "(b) generate R-MAT scale $s"; timeout 120 node bin/n2n.js generate rmat --scale "$s" --edge-factor 8 --out "$g" --seed 1 -q
  log "(b) derive --task hits on the host (float64, $(nproc) threads)"
  timeout 240 node bin/n2n.js derive --task hits --backend cpu --input "$g" --out /tmp/B$s.tsv --timings 2>&1 | tail -n 1 | tee -a "$OUT/timings.jsonl"
  log "(b) derive --task hits --backend webgpu (float32 on the device, refined in float64 only if needed)"
  timeout 240 node bin/n2n.js derive --task hits --backend webgpu --input "$g" --out /tmp/Bw$s.tsv --timings 2>&1 | tail -n 1 | tee -a "$OUT/timings.jsonl"
  node -e '
    const fs = require("fs");
    const read = (f) => fs.readFileSync(f, "utf8").trim().split("\n").slice(1).map((l) => Number(l.split("\t")[2]));
    const a = read(process.argv[1]), b = read(process.argv[2]);
    let d = 0, m = 0; for (let i = 0; i < a.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); m = Math.max(m, Math.abs(a[i])); }
    console.log(JSON.stringify({ scale: Number(process.argv[3]), edges: a.length, B_rel_err_webgpu_vs_host: d / m }));
  ' /tmp/B$s.tsv /tmp/Bw$s.tsv "$s" | tee -a "$OUT/compare.jsonl"
  log "(c) WGSL SpMM bandwidth"; timeout 180 node $D/spmm-webgpu.mjs "$s" 8 2>&1 | grep '^{' | tee -a "$OUT/spmm.jsonl"
  log "(d) CuPy svds on the same graph"; timeout 180 python3 $D/cupy-svds-reference.py "$g" 2>&1 | tail -n 1 | tee -a "$OUT/cupy-svds.jsonl"
done
log "done"
