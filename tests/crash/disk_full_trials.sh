#!/usr/bin/env bash
# Disk-full trials: index Reuters-21578 files into tmpfs disks too small for them, with
# and without newsdex's free-space margin, then grow the disk and resume. Prints one line
# per trial and exits non-zero if any trial lost a committed article or left the archive
# damaged. Needs root (mount).
#
#   tests/crash/disk_full_trials.sh build/indexer/newsdex-index ../shared/corpora/reuters21578
set -uo pipefail

index="$(realpath "$1")"
corpus="$(realpath "$2")"
files=("$corpus"/reut2-01[0-5].sgm.gz)
expected=6000
work="$(mktemp -d)"
trap 'umount "$work/disk" 2>/dev/null; rm -rf -- "$work"' EXIT
mkdir -p "$work/disk"

failures=0
printf '%-5s %-7s %-12s %-9s %-9s %-9s %s\n' size margin first-exit committed reopened final check
for margin in 8M 0; do
  for size in 12 16 20 24 28 32; do
    mount -t tmpfs -o "size=${size}m" tmpfs "$work/disk" || { echo "cannot mount tmpfs" >&2; exit 2; }
    archive="$work/disk/a"
    "$index" -a "$archive" --quiet --report-commits --commit-every 250 --min-free-space "$margin" \
      "${files[@]}" >"$work/commits.jsonl" 2>"$work/err.txt"
    first=$?
    committed=$(grep -o '"written":\[[^]]*\]' "$work/commits.jsonl" | grep -o '"[^",]*"' | grep -vc written)
    mount -o remount,size=128m "$work/disk"
    reopened=$("$index" stats -a "$archive" --json 2>/dev/null | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
    "$index" -a "$archive" --quiet --commit-every 250 "${files[@]}" >/dev/null 2>>"$work/err.txt"
    final=$("$index" stats -a "$archive" --json 2>/dev/null | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
    "$index" check -a "$archive" >/dev/null 2>&1
    check=$?
    verdict=ok
    if [[ -z "$reopened" || "$reopened" -lt "$committed" || "$final" != "$expected" || $check -ne 0 ]]; then
      verdict=FAILED
      failures=$((failures + 1))
      sed 's/^/    /' "$work/err.txt"
    fi
    printf '%-5s %-7s %-12s %-9s %-9s %-9s %s %s\n' "${size}M" "$margin" "$first" "$committed" \
      "${reopened:-none}" "${final:-none}" "$check" "$verdict"
    umount "$work/disk"
  done
done
exit $((failures > 0))
