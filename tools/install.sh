#!/bin/sh
# Install the book's environment exactly as uv.lock pins it (the Makefile runs this).
#
#   sh tools/install.sh VENV PYTHON [EXTRA...]   make VENV (with PYTHON when it does not exist yet)
#                                                 hold the lock's packages, the project and EXTRAs
#   sh tools/install.sh --uv                      print the path of uv, installing it first
#
# uv comes from the package registry through pip, into its own small environment (build/uv/, shared
# by every VENV); nothing is downloaded from anywhere else. Where uv cannot be installed or cannot
# reach the registry, pip installs the same pins, with their hashes, from requirements/*.txt (which
# `make lock` exports from uv.lock). DLMATH_INSTALLER=pip chooses pip from the start.
set -eu

UV_VERSION=0.13.9
SUPPORTED="3.11, 3.12 or 3.13"
UV_HOME=${DLMATH_UV_HOME:-build/uv}
# uv uses only the Pythons it is given, never one it would download.
UV_PYTHON_DOWNLOADS=never
export UV_PYTHON_DOWNLOADS

# The path of a working uv at the pinned version, or nothing (exit 1) when it cannot be had.
ensure_uv() {
    uv="$UV_HOME/bin/uv"
    if [ -x "$uv" ] && [ "$("$uv" --version 2>/dev/null | cut -d' ' -f2)" = "$UV_VERSION" ]; then
        echo "$uv"
        return 0
    fi
    py=${1:-$(sh tools/find_python.sh)} || return 1
    rm -rf "$UV_HOME"
    "$py" -m venv "$UV_HOME" >&2 &&
        "$UV_HOME/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2 &&
        "$uv" --version >/dev/null && echo "$uv"
}

if [ "${1:-}" = "--uv" ]; then
    ensure_uv || { echo "error: could not install uv $UV_VERSION with pip" >&2; exit 1; }
    exit 0
fi

venv=$1
py=$2
shift 2
extras="$*"

if [ -x "$venv/bin/python" ]; then
    echo "installing into the existing $venv ($("$venv/bin/python" -V))"
else
    if [ -z "$py" ]; then
        echo "error: no supported Python found: this book needs Python $SUPPORTED" \
            "(python3.13, python3.12 or python3.11 on PATH)." >&2
        echo "  Get one from https://www.python.org/downloads/, your system's packages" \
            "(apt install python3.12-venv, brew install python@3.13, ...) or pyenv (pyenv install 3.12)," \
            "then run make again, or name it: make PYTHON=/path/to/python3.12 ..." >&2
        exit 1
    fi
    command -v "$py" >/dev/null || { echo "error: PYTHON=$py not found" >&2; exit 1; }
    "$py" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || {
        echo "error: $py is Python $("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])');" \
            "this book needs Python $SUPPORTED" >&2
        exit 1
    }
fi

# pip, with the lock's pins and hashes (requirements/*.txt), then the project itself in place.
install_with_pip() {
    if [ ! -x "$venv/bin/python" ]; then
        echo "$py -m venv $venv"
        "$py" -m venv "$venv"
    fi
    file=requirements/dev.txt
    case " $extras " in *" bench "*) file=requirements/bench.txt ;; esac
    echo "installing with pip from $file"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$file"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
}

if [ "${DLMATH_INSTALLER:-uv}" = pip ]; then
    install_with_pip
elif uv=$(ensure_uv "${py:-}"); then
    if [ ! -x "$venv/bin/python" ]; then
        # --seed: pip in the environment too, for the fallback below and for readers' own installs
        "$uv" venv --quiet --seed --python "$py" "$venv"
    fi
    set --
    for extra in $extras; do set -- "$@" --extra "$extra"; done
    # --locked: stop, rather than re-resolve, when pyproject.toml has moved on from uv.lock
    if ! UV_PROJECT_ENVIRONMENT=$venv "$uv" sync --locked --quiet --python "$venv/bin/python" "$@"; then
        # (offline: this compares pyproject.toml with the lock, and must not fail on the network)
        if ! "$uv" lock --check --offline --quiet 2>/dev/null; then
            echo "error: uv.lock is out of date with pyproject.toml: run make lock" >&2
            exit 1
        fi
        echo "uv could not install the lock; falling back to pip with the same pins" >&2
        install_with_pip
    fi
else
    echo "uv could not be installed; falling back to pip with the same pins" >&2
    install_with_pip
fi
