#!/usr/bin/env bash
# Fuzzes the parser for SECONDS (default 60): Fuzz/run.sh 600
# Seeds (read only): the sample reports, the hostile reports and the fuzz regressions under
# Tests/PortalCoreTests/Fixtures; inputs that reach new code go to Fuzz/.corpus (kept between runs, not
# in git). A crash or ASan report, an input that takes over 10 s, or one that needs over 2 GB fails the
# run, and libFuzzer saves the input as Fuzz/artifacts/{crash,timeout,oom}-<hash>: copy it to
# Tests/PortalCoreTests/Fixtures/fuzz-regressions/ (FuzzRegressionTests reads every file there) and fix.
# FUZZ_MAX_LEN (default 16384 bytes: a report's tables fit, runs stay fast) and FUZZ_JOBS (fork mode).
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../Tests/PortalCoreTests/Fixtures"
fuzzer="$("$here/build.sh" | tail -1)"
mkdir -p "$here/.corpus" "$here/artifacts"
seeds=("$fixtures/seeds" "$fixtures/real")
[[ -d "$fixtures/fuzz-regressions" ]] && seeds+=("$fixtures/fuzz-regressions")
[[ -d "$fixtures/hostile" ]] && seeds+=("$fixtures/hostile")
# Swift's runtime and Foundation keep caches alive to the end: leak reports would be noise.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
set +e
"$fuzzer" "$here/.corpus" "${seeds[@]}" \
  -dict="$here/report.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len="${FUZZ_MAX_LEN:-16384}" -artifact_prefix="$here/artifacts/" -print_final_stats=1 \
  ${FUZZ_JOBS:+-fork="$FUZZ_JOBS"} 2>&1 | tee "$here/artifacts/last-run.log" | grep -v "^#[0-9]*.*\(NEW\|REDUCE\|pulse\)" 
status=${PIPESTATUS[0]}
set -e
# A fuzzer that sees no coverage explores nothing: that is a failure too, not a pass.
if ! grep -q "INITED cov: [0-9]\{3,\}" "$here/artifacts/last-run.log"; then
  echo "fuzz: FAILED: the target is not instrumented for coverage (see Fuzz/artifacts/last-run.log)" >&2
  exit 1
fi
if (( status != 0 )); then
  echo "fuzz: FAILED (status $status); input saved under Fuzz/artifacts/ (see Fuzz/artifacts/last-run.log)" >&2
  exit 1
fi
echo "fuzz: $seconds s without a crash, hang or memory blow-up"
