#!/usr/bin/env bash
# Supply-chain check for .ci/run: Cargo.lock is committed and in use (--locked), no crate of the
# `h2` family (actix-web's `http2` feature would pull h2 0.3, advisory RUSTSEC-2026-0258), and
# duplicate versions limited to those that cannot be avoided today (listed below, with why).
# Prints the number of crates in the normal build and every duplicate; exits 1 on a violation.
# (`cargo audit` is not run: the advisory database cannot be fetched on these machines.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# name: why it is duplicated
declare -A ALLOWED=(
  [parking_lot]="actix-web uses 0.12, r2d2's scheduled-thread-pool 0.13"
  [parking_lot_core]="with parking_lot"
  [lock_api]="with parking_lot"
  [syn]="proc macros: actix-macros on syn 3, the rest on syn 2 (build time only)"
  [winnow]="both inside diesel_migrations' toml (migrations are embedded at build time): toml 0.9 on 0.7, toml_parser on 1.0"
)

status=0
git ls-files --error-unmatch Cargo.lock >/dev/null 2>&1 || { echo "FAIL Cargo.lock is not committed"; status=1; }
cargo tree --locked -e normal --prefix none >/dev/null || { echo "FAIL Cargo.lock is not up to date (cargo tree --locked)"; status=1; }

crates=$(cargo tree --locked -e normal --prefix none | sed 's/ (\*)//; s/ (proc-macro)//' | sort -u | wc -l)
if cargo tree --locked -e normal -i h2 >/dev/null 2>&1; then
  echo "FAIL h2 is in the build (actix-web's http2 feature?)"; status=1
fi
dups=$(cargo tree --locked -d -e normal --prefix none 2>/dev/null | grep -E '^[a-z]' | awk '{print $1" "$2}' | sort -u)
names=$(printf '%s\n' "$dups" | awk '{print $1}' | sort | uniq -d)
n=0
for name in $names; do
  n=$((n + 1))
  versions=$(printf '%s\n' "$dups" | awk -v n="$name" '$1==n {print $2}' | tr '\n' ' ')
  if [ -n "${ALLOWED[$name]:-}" ]; then
    echo "ok   duplicate $name: $versions(${ALLOWED[$name]})"
  else
    echo "FAIL duplicate $name: $versions(not on the list in tools/ops/supply-chain.sh)"; status=1
  fi
done
echo "supply chain: $crates crates in the normal build, $n duplicated names, h2 absent: $([ $status = 0 ] && echo yes || echo see above)"
exit $status
