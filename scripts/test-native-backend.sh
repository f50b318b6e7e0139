#!/usr/bin/env bash
# Development check, not part of CI: run the test suite on the native TensorFlow backend
# (@tensorflow/tfjs-node) without a GPU and without libtensorflow's download, by building the
# binding against the libraries inside a tensorflow-cpu wheel (recipe: ../shared/GPU.md).
#
#   scripts/test-native-backend.sh [vitest args…]
#
# Works in a scratch copy of the working tree ($N2N_NATIVE_DIR, default a temporary folder),
# so the project's own node_modules stay as `npm ci` made them. The wheel comes from
# $TF_WHEEL, else from `pip download tensorflow-cpu==$TF_VERSION` (any index pip is set up
# for). Where neither gives one, it says so and exits 3 (nothing was tested).
#
# The suite then runs with N2N_TEST_BACKEND=tensorflow and N2N_DEVICE_FIRST=1, so every
# `precision: auto` takes the device-first (float32, then float64 when needed) path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
TF_VERSION="${TF_VERSION:-2.21.0}"
work="${N2N_NATIVE_DIR:-$(mktemp -d -t n2n-native-XXXXXX)}"
echo "native-backend check in $work" >&2

wheel="${TF_WHEEL:-}"
if [ -z "$wheel" ]; then
  mkdir -p "$work/wheel"
  if ! pip download --quiet --no-deps "tensorflow-cpu==$TF_VERSION" -d "$work/wheel" >&2; then
    echo "no tensorflow-cpu $TF_VERSION wheel: pip cannot download one here (set TF_WHEEL=/path/to/tensorflow_cpu-*.whl). Nothing tested." >&2
    exit 3
  fi
  wheel="$(ls "$work"/wheel/tensorflow_cpu-*.whl | head -1)"
fi
[ -f "$wheel" ] || { echo "TF_WHEEL=$wheel: no such file" >&2; exit 3; }

# a copy of the working tree (tracked and untracked, not ignored files)
mkdir -p "$work/n2n"
(cd "$root" && git ls-files -co --exclude-standard -z) | (cd "$root" && xargs -0 cp --parents -t "$work/n2n")
cd "$work/n2n"
npm ci --ignore-scripts --no-audit --no-fund >&2 # keeps the optional tfjs-node packages
npm run build >&2

tfw="$work/tfw"
if [ ! -f "$tfw/tensorflow/libtensorflow_cc.so.2" ]; then
  mkdir -p "$tfw"
  unzip -q -o "$wheel" 'tensorflow/libtensorflow_cc.so.2' 'tensorflow/libtensorflow_framework.so.2' 'tensorflow/include/*' -d "$tfw"
fi
binding=node_modules/@tensorflow/tfjs-node
[ -d "$binding" ] || { echo "npm did not keep @tensorflow/tfjs-node (optional dependency): cannot build the binding" >&2; exit 1; }
(
  cd "$binding"
  mkdir -p deps/lib deps/include
  cp -a "$tfw"/tensorflow/include/{tensorflow,tsl,xla,absl} deps/include/ 2>/dev/null || cp -a "$tfw"/tensorflow/include/. deps/include/
  ln -sf "$tfw"/tensorflow/libtensorflow_cc.so.2 "$tfw"/tensorflow/libtensorflow_framework.so.2 deps/lib/
  ln -sf libtensorflow_cc.so.2 deps/lib/libtensorflow.so
  ln -sf libtensorflow_framework.so.2 deps/lib/libtensorflow_framework.so
  npx --yes node-pre-gyp install --build-from-source --nodedir=/usr >&2
)
node bin/n2n.js backends --backend tensorflow >&2
N2N_TEST_BACKEND=tensorflow N2N_DEVICE_FIRST=1 npx vitest run "$@"
