#!/usr/bin/env bash
# Runs every test of the product on this machine: installs and starts what the tests need
# (a throwaway local PostgreSQL, Chromium for browser tests), then `dotnet test` over the solution.
# Ends with one line "N passed, N failed" counted from the test results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

if [ -z "${TRACKING_TEST_PG:-}" ]; then
  if ! pg_line="$(bash deploy/postgres/start-local.sh)"; then
    echo "tests/run.sh: could not start the local PostgreSQL (deploy/postgres/start-local.sh)" >&2
    exit 1
  fi
  TRACKING_TEST_PG="$(printf '%s\n' "$pg_line" | tail -n 1)"
  export TRACKING_TEST_PG
fi
echo "PostgreSQL for tests: $TRACKING_TEST_PG"

# Browser tests (tests/Tracking.BrowserTests) drive Debian's Chromium; CJK fonts make their screenshots
# show Chinese. Installed when missing; the package lists are refreshed only if the install fails.
browser_packages=()
[ -x /usr/bin/chromium ] || browser_packages+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || browser_packages+=(fonts-noto-cjk)
if [ "${#browser_packages[@]}" -gt 0 ]; then
  echo "Installing ${browser_packages[*]} for the browser tests"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${browser_packages[@]}" >/dev/null; then
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${browser_packages[@]}" >/dev/null \
      || echo "tests/run.sh: could not install ${browser_packages[*]}; the browser tests will fail" >&2
  fi
fi

dotnet test Tracking.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(printf '%s' "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')"
  f="$(printf '%s' "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed before or outside the tests (build error, crashed test host): say so in the count.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
