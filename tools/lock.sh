#!/bin/sh
# Refresh the lock (make lock): uv.lock, and what is made from it, requirements/*.txt (pip's
# fallback, with hashes) and environment.yml (conda's route). Run it after changing the
# dependencies in pyproject.toml; `sh tools/lock.sh --upgrade-package NAME` moves one package on.
# Packages already locked keep their versions unless asked (uv prefers what uv.lock holds).
set -eu
uv=$(sh tools/install.sh --uv)
"$uv" lock "$@"
mkdir -p requirements
export_lock() {  # export_lock FILE UV-EXPORT-OPTIONS...
    file=$1
    shift
    "$uv" export --quiet --frozen --no-emit-project --no-header "$@" -o "$file"
}
export_lock requirements/dev.txt --extra dev
export_lock requirements/bench.txt --extra dev --extra bench
pins=$(mktemp)
export_lock "$pins" --all-extras --no-hashes --no-annotate
{
    cat <<'HEAD'
# The same environment as uv.lock, for conda users (made by `make lock`; do not edit by hand):
#   conda env create -f environment.yml && conda activate dlmath && python tools/jupyter_setup.py
name: dlmath
channels:
  - conda-forge
dependencies:
  - python>=3.11,<3.14   # 3.11, 3.12 or 3.13, as pyproject.toml's requires-python
  - pip
  - pip:
HEAD
    sed -e 's/^/      - /' "$pins"
    echo "      # this project's helper package, installed in place"
    echo "      - --editable ."
} > environment.yml
rm -f "$pins"
echo "lock: uv.lock, requirements/dev.txt, requirements/bench.txt and environment.yml written"
