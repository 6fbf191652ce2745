#!/usr/bin/env bash
# The whole test command: installs what the tests need (Debian packages, npm packages),
# type-checks, lints, builds the web app, starts a throwaway PostgreSQL on loopback,
# and runs every test against both stores and a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v git >/dev/null || missing+=(git)
# The reproduction tests compile small C programs with AddressSanitizer.
# gcc only recommends libc6-dev (headers, crt files), which --no-install-recommends leaves out.
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/stdio.h ] || missing+=(libc6-dev)
command -v prlimit >/dev/null || missing+=(util-linux)
command -v script >/dev/null || missing+=(bsdutils)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

export npm_config_nodedir=/usr
npm ci --no-audit --no-fund
npm run typecheck
npm run lint
npm run build:web

pgdir=$(mktemp -d)
# A free loopback port, so a PostgreSQL already running here is left alone.
pgport=${CLEARINGHOUSE_TEST_PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
scripts/postgres.sh start "$pgdir" "$pgport"
export CLEARINGHOUSE_TEST_PG="postgres://postgres@127.0.0.1:$pgport/postgres"
node scripts/run-tests.js "$@"
