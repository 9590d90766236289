#!/usr/bin/env bash
# The hooks function's first admin request after construction, with and without HooksPriming run first (what
# SnapStart's snapshot holds on Lambda), in fresh JVMs with the function's flags (C1 only), against DynamoDB Local and
# ElasticMQ started once (bench/.../LocalStores.java). Interleaved, after one untimed run of each.
#
#   mvn -q -DskipTests -pl functions/hooks -am package && mvn -q -Pbench -pl bench -am package -DskipTests
#   bench/firstadmin.sh [RUNS]        # default 10; raw data in bench/target/firstadmin/runs.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
ROOT=$(pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT=bench/target/firstadmin
JAR=$ROOT/functions/hooks/target/hooks.jar
[[ -f $JAR && -f bench/target/classes/io/gitbridge/bench/coldstart/FirstAdminRequest.class ]] \
  || { echo "missing $JAR or the harness: see the build commands at the top of $0" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/home"
mvn -q -o -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/$OUT/classpath.txt" >/dev/null
coproc STORES { "$JAVA" -cp "bench/target/classes:$(cat "$OUT/classpath.txt")" \
    io.gitbridge.bench.coldstart.LocalStores "$OUT/stores.env" 2>"$OUT/stores.stderr"; }
read -r ready <&"${STORES[0]}"
[[ $ready == ready ]] || { echo "the stores did not start: $(cat "$OUT/stores.stderr")" >&2; exit 1; }
trap 'exec {STORES[1]}>&-; wait' EXIT
run_env=(env -i PATH="$PATH" HOME="$ROOT/$OUT/home" LANG=C.UTF-8 AWS_REGION=us-east-1
  AWS_ACCESS_KEY_ID=AKIDFIRSTADMIN000000 AWS_SECRET_ACCESS_KEY=first-admin-bench-dummy-secret
  TOKEN_KEY_ID=arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000
  AWS_ENDPOINT_URL_KMS=http://127.0.0.1:9 $(cat "$OUT/stores.env"))
run_once() { # target round
  local line
  line=$("${run_env[@]}" "$JAVA" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" \
      io.gitbridge.bench.coldstart.FirstAdminRequest "$1" 2>>"$OUT/$1.stderr" | grep '^firstadmin ') \
      || { echo "$1 printed no result: $(tail -5 "$OUT/$1.stderr")" >&2; exit 1; }
  [[ $line == "firstadmin 200 "* ]] || { echo "$1 answered $line" >&2; exit 1; }
  echo -e "$2\t$1\t$(cut -d' ' -f3 <<<"$line")\t$(cut -d' ' -f4 <<<"$line")\t$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/runs.tsv"
}
for t in unprimed primed; do run_once "$t" warmup; done
: >"$OUT/runs.tsv"
for ((r = 1; r <= RUNS; r++)); do
  if ((r % 2)); then order=(unprimed primed); else order=(primed unprimed); fi
  for t in "${order[@]}"; do run_once "$t" "$r"; done
done
awk -F'\t' '
  function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
  function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { w[$1, $2] = $3; c[$1, $2] = $4; l[++nl] = $5; rounds[$1] = 1 }
  END {
    sort(l, nl); printf "load average during the runs: %.1f-%.1f\n\n", l[1], l[nl]
    print "| target | first request wall, ms: min / median / max | its thread CPU, ms: min / median / max |"
    print "|---|---|---|"
    split("unprimed primed", order, " ")
    for (k = 1; k <= 2; k++) { n = 0; for (r in rounds) { n++; a[n] = w[r, order[k]]; b[n] = c[r, order[k]] }
      sort(a, n); sort(b, n); printf "| %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f |\n", order[k], a[1], med(a, n), a[n], b[1], med(b, n), b[n] }
    n = 0; for (r in rounds) { n++; a[n] = w[r, "primed"] / w[r, "unprimed"]; b[n] = c[r, "primed"] / c[r, "unprimed"] }
    sort(a, n); sort(b, n); printf "| ratio primed / unprimed, per round | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f |\n", a[1], med(a, n), a[n], b[1], med(b, n), b[n]
  }' "$OUT/runs.tsv" | tee "$OUT/summary.md"
