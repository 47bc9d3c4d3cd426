#!/bin/sh
# Which Python makes the book's virtual environment (the Makefile runs this when PYTHON is not given).
#
#   sh tools/find_python.sh            the newest supported Python on PATH that runs: python3.13,
#                                      python3.12 or python3.11 (prints its name; exit 1 if none)
#   sh tools/find_python.sh --all      every supported Python installed, newest first, one per
#                                      line: those on PATH that run, then pyenv's installed versions
#                                      not selected (as paths); CI tests the book on each of them
#
# A name on PATH counts only if it runs and is the version it names: a pyenv shim for a version
# that is installed but not selected fails with "command not found", and is skipped.
SUPPORTED="3.13 3.12 3.11"

runs_as() {  # runs_as COMMAND VERSION: COMMAND runs and is Python VERSION
    "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$2'.split('.'))))" \
        >/dev/null 2>&1
}

found=""
for version in $SUPPORTED; do
    if runs_as "python$version" "$version"; then
        echo "python$version"
        [ "$1" = "--all" ] || exit 0
        found="$found $version"
    fi
done
if [ "$1" = "--all" ] && command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root 2>/dev/null)
    for version in $SUPPORTED; do
        case " $found " in *" $version "*) continue ;; esac
        # the newest installed patch release of this version, e.g. 3.12.1
        patch=$(pyenv versions --bare 2>/dev/null | grep -E "^$version\.[0-9]+$" | sort -t. -k3 -n | tail -n 1)
        path="$root/versions/$patch/bin/python$version"
        if [ -n "$patch" ] && runs_as "$path" "$version"; then
            echo "$path"
            found="$found $version"
        fi
    done
fi
[ -n "$found" ]
