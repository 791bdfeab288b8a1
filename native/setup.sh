#!/usr/bin/env bash
# Set-up step 1: the system packages hdnnp-java builds against (Debian 12 / Ubuntu).
# As root it installs what is missing with apt-get; otherwise it prints the command to run.
# The JDK 25 is not installed here: native/jdk.sh finds it (JAVA_HOME, then /usr/lib/jvm).
set -euo pipefail

packages=(maven cmake g++ make python3 python3-numpy python3-ase dpkg-dev lammps liblammps-dev libopenmpi-dev openmpi-bin)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present (${packages[*]})"
else
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q > /dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" > /dev/null
fi

. "$(dirname "${BASH_SOURCE[0]}")/jdk.sh"
echo "setup: JDK at $JAVA_HOME"
