#!/bin/sh
# tests/fuzz/ci.sh [BUILDDIR]: CI's bounded fuzz step.  Installs clang and
# its libFuzzer runtime if missing (Debian: clang, libclang-rt-14-dev; they
# come from apt, not bootstrap, so that the gcc build never needs them),
# configures BUILDDIR (default build-fuzz) with CC=clang --enable-fuzzing,
# links every target and runs each for $FUZZ_SECONDS (default 60) with
# tests/fuzz/run.sh.  The results are BUILDDIR/tests/fuzz/NAME.trs, which
# tests/summary.sh counts.  Run from the top of the source tree.
set -u
top=$(pwd)
b=${1:-build-fuzz}
if ! command -v clang > /dev/null 2>&1 || ! clang -fsanitize=fuzzer \
    -x c -o /dev/null - > /dev/null 2>&1 <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return (d == 0 && n); }
C
then
	echo "fuzz: installing clang and libFuzzer (apt-get)"
	apt-get update -q > /dev/null &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang \
	    libclang-rt-14-dev > /dev/null || {
		echo "fuzz: cannot install clang" >&2
		exit 1
	}
fi
mkdir -p "$b/tests/fuzz" && cd "$b" || exit 1
rm -f tests/fuzz/*.trs
if ! { "$top/configure" -q CC=clang --enable-fuzzing &&
    make -s -j2 fuzz > /dev/null; }; then
	# Counted as one failure by tests/summary.sh.
	printf ':test-result: FAIL\n' > tests/fuzz/build.trs
	exit 1
fi
make -s fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
