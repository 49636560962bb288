#!/usr/bin/env bash
# Installs the built project into a temporary prefix, builds tests/embed against it with
# find_package(newsdex) alone, and runs the program. Usage: embed_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir="$1"; source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/tests/embed" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/embed_app" "$work/archive"
