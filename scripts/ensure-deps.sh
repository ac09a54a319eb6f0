#!/usr/bin/env bash
# Installs what kovn needs on a Debian/Ubuntu machine: OS packages through apt-get (when root, or with sudo
# that needs no password) and npm packages. Says exactly what to run when it cannot do it itself.
# Used by both README commands (`npm start`, `npm test`) through npm's pre-scripts.
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package that provides it
declare -A need=(
  [ovsdb-server]=openvswitch-switch [ovs-vswitchd]=openvswitch-switch [ovs-vsctl]=openvswitch-switch
  [ovn-northd]=ovn-central [ovn-nbctl]=ovn-central [ovn-controller]=ovn-host
  [ip]=iproute2 [ethtool]=ethtool [tmux]=tmux [ping]=iputils-ping [tcpdump]=tcpdump
  [nft]=nftables [iptables]=iptables
  [perl]=perl-base  # the kovn-cni shim (Essential on Debian/Ubuntu: normally there already)
)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "kovn: missing OS packages: ${pkgs[*]}" >&2
    echo "kovn: install them first:  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs[*]}" >&2
    exit 1
  fi
  echo "kovn: installing OS packages: ${pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "kovn: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
