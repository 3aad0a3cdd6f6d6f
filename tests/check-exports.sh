#!/bin/bash
# Every function the shared library exports is declared in accsearch.h, and
# every function declared there is exported: no accsi_ internals leak out.
set -u
lib="$1"; header="$2"
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sort -u)
# Declarations are written as "ACCS_EXTERN(type)\nname(" or "ACCS_EXTERN(type) name(".
declared=$(grep -oE '(^|[ )])accs_[a-z0-9_]+\(' "$header" | grep -oE 'accs_[a-z0-9_]+' | sort -u)
fail=0
for f in $exported; do
    if ! grep -qx "$f" <<<"$declared"; then echo "exported but not declared: $f"; fail=1; fi
done
for f in $declared; do
    if ! grep -qx "$f" <<<"$exported"; then echo "declared but not exported: $f"; fail=1; fi
done
n=$(wc -w <<<"$exported")
if [ $fail = 0 ]; then echo "1 passed, 0 failed ($n exported functions)"; else echo "0 passed, 1 failed"; fi
exit $fail
