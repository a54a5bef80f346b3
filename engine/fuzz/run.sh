#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS seconds each (60 by default) on
# the stable toolchain, each from a fresh copy of its seeds in corpus/<target>.
# Fails if any target crashes; the crashing input is left in
# artifacts/<target>/ and the run's log in artifacts/<target>.log.
#
#   engine/fuzz/run.sh                      # all targets, 60 s each
#   FUZZ_SECONDS=300 engine/fuzz/run.sh manifest
#   FUZZ_SANITIZER=none engine/fuzz/run.sh  # without AddressSanitizer
#   FUZZ_SEED=1 engine/fuzz/run.sh          # the same mutations every run (CI)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-address}"
seed="${FUZZ_SEED:-0}" # 0: libFuzzer picks one
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(manifest data_prose plugin_json image)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# cargo-fuzz passes nightly-only flags (-Zsanitizer, -Cpasses); the
# machine's stable toolchain accepts them with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1

cd "$here"
fuzz=(cargo fuzz)
opts=(--fuzz-dir "$here" --sanitizer "$sanitizer")
"${fuzz[@]}" build "${opts[@]}"

failed=()
mkdir -p "$here/artifacts"
for target in "${targets[@]}"; do
    corpus="$here/corpus/$target"
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp "$here/seeds/$target"/* "$corpus/"
    log="$here/artifacts/$target.log"
    echo "== $target: ${seconds} s (log: $log)"
    if "${fuzz[@]}" run "${opts[@]}" "$target" "$corpus" -- \
        -max_total_time="$seconds" -seed="$seed" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        >"$log" 2>&1; then
        grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" || true
        grep -E '^#[0-9]+\s+DONE' "$log" | tail -n 1 || true
    else
        echo "!! $target failed; the end of its log:"
        tail -n 40 "$log"
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]} (inputs in $here/artifacts/)"
    exit 1
fi
echo "no crashes"
