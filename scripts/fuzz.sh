#!/usr/bin/env bash
# Runs every cargo-fuzz target for $1 seconds each (make fuzz: 120, make test's smoke: 5),
# seeded from tests/vectors/, and prints the executions of each and their total. A crash
# stops the run with libFuzzer's report; its input is saved under fuzz/artifacts/<target>/
# and belongs in a regression test.
#
# cargo fuzz passes nightly-only flags to rustc; this machine has one stable toolchain, so
# RUSTC_BOOTSTRAP=1 lets stable accept them. No sanitizer (-s none): the crate has no
# unsafe code, and without ASan each target runs several times faster.
set -euo pipefail
seconds="${1:-120}"
cd "$(dirname "$0")/.."
node scripts/fuzz-seeds.mjs
cd fuzz
total=0
for target in responses webhooks builders; do
  log="$(mktemp)"
  if ! RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target crashed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs="$(awk '/stat::number_of_executed_units/ {print $2}' "$log")"
  rm -f "$log"
  echo "fuzz: $target ${runs} executions in ${seconds} s, no crash"
  total=$((total + runs))
done
echo "fuzz: ${total} executions in all, no crash"
