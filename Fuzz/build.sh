#!/usr/bin/env bash
# Builds the parser fuzzer (libFuzzer + AddressSanitizer) into Fuzz/.build/debug/ParserFuzzer.
# A package of its own (Fuzz/Package.swift) over the real PortalCore: `-sanitize=fuzzer,address`
# instruments every Swift module it links, and `-parse-as-library` because libFuzzer supplies `main`.
set -euo pipefail
cd "$(dirname "$0")"
# SwiftPM plans a path dependency's sources once: a file added to PortalCore would be missed. A newer
# manifest makes it plan again.
touch Package.swift
# The coverage libFuzzer steers by is asked for explicitly: this toolchain's driver does not always add
# it for `-sanitize=fuzzer` (a build without it ran "cov: 4" — blind).
swift build -c debug --sanitize fuzzer --sanitize address -Xswiftc -parse-as-library \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp 2>&1 \
  | grep -v "Cannot export local symbol '__asan" >&2
echo "$(pwd)/.build/debug/ParserFuzzer"
