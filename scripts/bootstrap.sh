#!/usr/bin/env bash
# Make the project's Python environment ready: uv on PATH, then `uv sync --frozen` (.venv from uv.lock).
#
#   bash scripts/bootstrap.sh        # run it
#   source scripts/bootstrap.sh      # or source it: uv also lands on the caller's PATH
#
# Idempotent and silent when everything is already there. A fresh machine needs only Python 3.11 with
# pip: uv is installed from PyPI (pip --user, or plain pip where --user is not possible).
# shellcheck shell=bash

_fazhi_bootstrap_find_uv() {
    # uv on PATH already?
    command -v uv >/dev/null 2>&1 && return 0
    # Installed before, but its bin directory is not on PATH (pip --user → ~/.local/bin)?
    local dir candidates=()
    candidates+=("$HOME/.local/bin" "$HOME/.cargo/bin")
    local user_base
    if user_base=$(python3 -m site --user-base 2>/dev/null); then
        candidates+=("$user_base/bin")
    fi
    # The uv wheel knows where its binary is, wherever pip put it.
    local uv_bin
    if uv_bin=$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null) && [[ -x "$uv_bin" ]]; then
        candidates+=("$(dirname "$uv_bin")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -x "$dir/uv" ]]; then
            export PATH="$dir:$PATH"
            return 0
        fi
    done
    return 1
}

_fazhi_bootstrap_install_uv() {
    if ! command -v python3 >/dev/null 2>&1; then
        echo "bootstrap: python3 not found; install Python 3.11 first" >&2
        return 1
    fi
    echo "bootstrap: installing uv with pip" >&2
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/fazhi-bootstrap.XXXXXX") || return 1
    # --user first; a virtualenv's pip refuses --user, Debian's system pip wants --break-system-packages
    # (harmless for uv: a single binary that imports nothing); finally a plain install.
    if python3 -m pip install --quiet --disable-pip-version-check --user uv >"$log" 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages uv \
            >>"$log" 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check uv >>"$log" 2>&1; then
        rm -f "$log"
    else
        cat "$log" >&2
        rm -f "$log"
        echo "bootstrap: could not install uv with pip" >&2
        return 1
    fi
    _fazhi_bootstrap_find_uv || {
        echo "bootstrap: uv was installed but its binary was not found; add pip's script directory" \
            "(python3 -m site --user-base)/bin to PATH" >&2
        return 1
    }
}

_fazhi_bootstrap() {
    local root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1
    _fazhi_bootstrap_find_uv || _fazhi_bootstrap_install_uv || return 1
    # Nothing to do? (`uv sync --check` exists in recent uv; an older uv fails it and just syncs.)
    if (cd "$root" && uv sync --frozen --check >/dev/null 2>&1); then
        return 0
    fi
    echo "bootstrap: uv sync --frozen (installing Python packages into .venv)" >&2
    (cd "$root" && uv sync --frozen --quiet) || {
        echo "bootstrap: uv sync --frozen failed" >&2
        return 1
    }
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    _fazhi_bootstrap
else
    _fazhi_bootstrap
fi
