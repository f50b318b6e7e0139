#!/usr/bin/env bash
# Fetch Mesa's lavapipe (a Vulkan driver that runs on the CPU) and the Vulkan loader into a
# cache folder, without touching the system's apt state, and print the two environment
# variables that make Dawn (and so `--backend webgpu`) find it:
#
#   eval "$(scripts/lavapipe.sh)" && npx n2n backends --backend webgpu
#
# Debian 12's own Mesa (22.3) is refused by Dawn, so the driver comes from bookworm-backports
# (mesa-vulkan-drivers 25.x with its libdrm), the loader (libvulkan1) from bookworm; apt-get runs
# with a private sources list and lists folder, on the mirror the machine's own sources name.
# Cache: $N2N_LAVAPIPE_DIR, else .cache/lavapipe. Exit 1 with a plain message when it cannot.
set -euo pipefail
dir="${N2N_LAVAPIPE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.cache/lavapipe}"
root="$dir/root"
icd="$root/usr/share/vulkan/icd.d/lvp_icd.json"
lib="$root/usr/lib/x86_64-linux-gnu"
say() { echo "lavapipe: $*" >&2; }
if [ ! -s "$icd" ] || [ ! -e "$lib/libvulkan.so.1" ]; then
  command -v apt-get >/dev/null 2>&1 || { say "apt-get not found: lavapipe comes from Debian packages"; exit 1; }
  [ "$(uname -m)" = x86_64 ] || { say "this script fetches the amd64 packages; $(uname -m) is not supported"; exit 1; }
  mirror=$(grep -hoE '^(URIs:|deb) *\[?[^]]*\]? *https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -oE 'https?://[^ ]+' | grep -v security | head -1 || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
  mkdir -p "$dir/lists/partial" "$dir/debs" "$root"
  cat >"$dir/sources.list" <<LIST
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main
LIST
  apt=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=- -o "Dir::State::Lists=$dir/lists" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  say "fetching from $mirror (bookworm-backports: mesa-vulkan-drivers, libdrm2, libdrm-amdgpu1; bookworm: libvulkan1)"
  apt-get "${apt[@]}" update >"$dir/apt.log" 2>&1 || { say "apt-get update failed (see $dir/apt.log)"; exit 1; }
  (cd "$dir/debs" && apt-get "${apt[@]}" download mesa-vulkan-drivers/bookworm-backports libdrm2/bookworm-backports libdrm-amdgpu1/bookworm-backports libvulkan1 >>"$dir/apt.log" 2>&1) \
    || { say "apt-get download failed (see $dir/apt.log)"; exit 1; }
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$root"; done
  [ -s "$icd" ] && [ -e "$lib/libvulkan.so.1" ] || { say "the packages did not hold lvp_icd.json and libvulkan.so.1"; exit 1; }
fi
echo "export VK_ICD_FILENAMES='$icd'"
echo "export LD_LIBRARY_PATH='$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}'"
