#!/usr/bin/env bash
# Cold start of each function's handler, measured in fresh JVMs against a baseline that constructs nothing, with
# the JDK's default TLS context alone as a reference.
#
#   mvn -q -DskipTests package                    # the functions' jars, functions/<name>/target/<name>.jar
#   mvn -q -Pbench -pl bench -am package          # the harness, bench/target/classes
#   bench/coldstart.sh [RUNS]                     # RUNS fresh JVMs per target, default 15
#
# Each run starts `java -XX:+TieredCompilation -XX:TieredStopAtLevel=1` (template.yaml's JAVA_TOOL_OPTIONS) with
# the harness first on the classpath and the function's shaded jar after it, and the harness prints the time from
# JVM start (RuntimeMXBean start time) to "handler constructed". The environment is only what the no-arg
# constructors read, with AWS pointed at a closed local port and an empty HOME (no ~/.aws files, as on Lambda).
# Targets take turns within each round, and one untimed run per target first warms the page cache.
# Then, once per target: a -Xlog:class+load run counts the classes loaded by the time the handler is constructed,
# and (when strace is installed) a traced run lists any network connection the JVM attempted.
# Raw data goes to bench/target/coldstart/. See docs/benchmarks.md.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${1:-15}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JVM_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
HARNESS=bench/target/classes
MAIN=io.gitbridge.bench.coldstart.ColdStart
OUT=bench/target/coldstart

# name | jar ("" for none) | class constructed. "tls" is a reference: the JDK's default TLS context alone, which the
# SDK's URL connection client initialises in its constructor.
TARGETS=(
  "baseline||io.gitbridge.bench.coldstart.Nothing"
  "tls||io.gitbridge.bench.coldstart.TlsContext"
  "receiver|functions/receiver/target/receiver.jar|io.gitbridge.receiver.ReceiverHandler"
  "hooks|functions/hooks/target/hooks.jar|io.gitbridge.hooks.HooksHandler"
  "sync|functions/sync/target/sync.jar|io.gitbridge.sync.SyncHandler"
)

if [[ ! -f $HARNESS/${MAIN//.//}.class ]]; then
  echo "no harness in $HARNESS: run  mvn -q -Pbench -pl bench -am package" >&2
  exit 1
fi
for target in "${TARGETS[@]}"; do
  IFS='|' read -r _ jar _ <<<"$target"
  if [[ -n $jar && ! -f $jar ]]; then
    echo "no $jar: run  mvn -q -DskipTests package" >&2
    exit 1
  fi
done

rm -rf "$OUT" && mkdir -p "$OUT/home"
HOME_DIR=$(cd "$OUT/home" && pwd)

# The Lambda environment the no-arg constructors read; nothing else from the caller's environment gets through.
run_env=(env -i PATH="$PATH" HOME="$HOME_DIR" LANG=C.UTF-8
  AWS_REGION=us-east-1
  HOOKS_TABLE=gitbridge-hooks
  DELIVERIES_TABLE=gitbridge-deliveries
  SYNC_QUEUE_URL=http://127.0.0.1:9/000000000000/gitbridge-sync.fifo
  GITBRIDGE_AWS_ENDPOINT=http://127.0.0.1:9
  TOKEN_KEY_ID=arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000
  AWS_ACCESS_KEY_ID=AKIDCOLDSTARTBENCH00
  AWS_SECRET_ACCESS_KEY=coldstart-bench-dummy-secret)

classpath() { # jar
  if [[ -n $1 ]]; then echo "$HARNESS:$1"; else echo "$HARNESS"; fi
}

# One fresh JVM; appends "name constructed_ms main_ms loaded_classes wall_ms" to $OUT/runs.tsv when $2 is "record".
run_once() { # target record|warmup
  local name jar class started ended line
  IFS='|' read -r name jar class <<<"$1"
  started=$(date +%s%N)
  if ! line=$("${run_env[@]}" "$JAVA" "${JVM_FLAGS[@]}" -cp "$(classpath "$jar")" "$MAIN" "$class" \
      2>"$OUT/$name.stderr" | grep '^coldstart '); then
    echo "$name: the harness printed no result; its stderr:" >&2
    cat "$OUT/$name.stderr" >&2
    exit 1
  fi
  ended=$(date +%s%N)
  if [[ $2 == record ]]; then
    echo "$line" | awk -v n="$name" -v wall=$(( (ended - started) / 1000000 )) '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print n, v["constructed_ms"], v["main_ms"], v["loaded_classes"], wall }' >>"$OUT/runs.tsv"
  fi
}

# "median p25 p75 min max" of the numbers on stdin (nearest-rank quartiles).
stats() {
  sort -n | awk '{ x[NR] = $1 } END {
    m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
    q1 = x[int((NR - 1) * 0.25) + 1]; q3 = x[int((NR - 1) * 0.75 + 0.999) + 1]
    print m, q1, q3, x[1], x[NR] }'
}

column_of() { # name column
  awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$OUT/runs.tsv"
}

echo "warming up (one untimed run per target)..." >&2
for target in "${TARGETS[@]}"; do run_once "$target" warmup; done
: >"$OUT/runs.tsv"
count=${#TARGETS[@]}
for ((round = 0; round < RUNS; round++)); do
  echo "round $((round + 1))/$RUNS" >&2
  for ((k = 0; k < count; k++)); do
    run_once "${TARGETS[(round + k) % count]}" record
  done
done

# Classes loaded by the time the handler was constructed: the lines before the harness's marker class.
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name jar class <<<"$target"
  "${run_env[@]}" "$JAVA" "${JVM_FLAGS[@]}" "-Xlog:class+load=info:file=$OUT/$name.classes.log" \
    -cp "$(classpath "$jar")" "$MAIN" "$class" >/dev/null 2>&1
  awk '/coldstart\.ColdStart\$Constructed /{ exit } /\[class,load\]/' "$OUT/$name.classes.log" >"$OUT/$name.classes.txt"
done

# Network connections attempted while starting and constructing (the run ends right after).
if command -v strace >/dev/null; then
  for target in "${TARGETS[@]}"; do
    IFS='|' read -r name jar class <<<"$target"
    "${run_env[@]}" strace -f -qq -e trace=connect,sendto,sendmsg,openat -o "$OUT/$name.strace" \
      "$JAVA" "${JVM_FLAGS[@]}" -cp "$(classpath "$jar")" "$MAIN" "$class" >/dev/null 2>&1
  done
fi

base_median=$(column_of baseline 2 | stats | cut -d' ' -f1)
base_wall=$(column_of baseline 5 | stats | cut -d' ' -f1)
base_classes=$(wc -l <"$OUT/baseline.classes.txt")

echo
echo "## Cold start: $RUNS fresh JVMs per target, $("$JAVA" -version 2>&1 | head -1), $(nproc) cores"
echo "JVM flags: ${JVM_FLAGS[*]}"
echo
echo "| target | JVM start → constructed, median ms (p25–p75; min–max) | ratio to baseline | minus baseline, ms | JVM start → main, median ms | whole process, median ms (p25–p75) | ratio to baseline | classes loaded when constructed (beyond baseline) | MXBean loaded-class count |"
echo "|---|---|---|---|---|---|---|---|---|"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name jar class <<<"$target"
  read -r med q1 q3 lo hi < <(column_of "$name" 2 | stats)
  main_med=$(column_of "$name" 3 | stats | cut -d' ' -f1)
  read -r wall_med wall_q1 wall_q3 _ _ < <(column_of "$name" 5 | stats)
  mx_med=$(column_of "$name" 4 | stats | cut -d' ' -f1)
  classes=$(wc -l <"$OUT/$name.classes.txt")
  ratio=$(awk -v a="$med" -v b="$base_median" 'BEGIN { printf "%.1f", a / b }')
  extra=$(awk -v a="$med" -v b="$base_median" 'BEGIN { printf "%+d", a - b }')
  wall_ratio=$(awk -v a="$wall_med" -v b="$base_wall" 'BEGIN { printf "%.1f", a / b }')
  echo "| $name | $med ($q1–$q3; $lo–$hi) | **$ratio** | $extra | $main_med | $wall_med ($wall_q1–$wall_q3) | **$wall_ratio** | $classes (+$((classes - base_classes))) | $mx_med |"
done

echo
echo "### Where the classes loaded by construction came from"
echo
echo "| target | CDS archive | JDK modules (jrt:) | the function's jar | the harness | generated (lambdas, method handles, reflection) | org/eclipse/jgit |"
echo "|---|---|---|---|---|---|---|"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name jar class <<<"$target"
  f=$OUT/$name.classes.txt
  awk -v n="$name" '
    / source: shared objects file/ { cds++; next }
    / source: jrt:\// { jrt++; next }
    / source: file:.*\.jar/ { jar++; if ($0 ~ /\] org\.eclipse\.jgit\./) jgit++; next }
    / source: file:/ { harness++; next }
    { other++ }
    END { printf "| %s | %d | %d | %d | %d | %d | %d |\n", n, cds, jrt, jar, harness, other, jgit }' "$f"
done

echo
echo "### The largest groups of classes each handler loaded from its jar (first three package names)"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name jar class <<<"$target"
  [[ -n $jar ]] || continue
  echo
  echo "$name: $(grep -c ' source: file:.*\.jar' "$OUT/$name.classes.txt" || true) classes from its jar;" \
    "$(grep ' source: file:.*\.jar' "$OUT/$name.classes.txt" | awk '{ print $2 }' \
      | awk -F. '{ print $1 "." $2 "." $3 }' | sort | uniq -c | sort -rn | head -8 \
      | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')"
done

if command -v strace >/dev/null; then
  echo
  echo "### Network connections attempted (strace: connect/sendto/sendmsg to AF_INET/AF_INET6)"
  echo
  for target in "${TARGETS[@]}"; do
    IFS='|' read -r name _ _ <<<"$target"
    inet=$(grep -E '(connect|sendto|sendmsg)\(.*AF_INET6?' "$OUT/$name.strace" || true)
    aws_files=$(grep -E 'openat\(.*/\.aws/' "$OUT/$name.strace" | sed -E 's/.*openat\([^"]*"([^"]*)".*/\1/' \
      | sort -u | tr '\n' ' ' || true)
    if [[ -z $inet ]]; then
      echo "- $name: none${aws_files:+; opened or looked for: $aws_files}"
    else
      echo "- $name: $(echo "$inet" | wc -l) — $(echo "$inet" | head -3 | tr '\n' ' ')"
    fi
  done
else
  echo
  echo "(strace is not installed: the network check was skipped; apt-get install strace)"
fi

echo
echo "### Jars"
echo
echo "| jar | bytes | org/eclipse/jgit entries |"
echo "|---|---|---|"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name jar class <<<"$target"
  [[ -n $jar ]] || continue
  jgit=$("${JAVA%java}jar" tf "$jar" | grep -c '^org/eclipse/jgit/' || true)
  echo "| $jar | $(stat -c %s "$jar") | $jgit |"
done
echo
echo "raw data: $OUT/runs.tsv (name constructed_ms main_ms loaded_classes wall_ms), $OUT/*.classes.log"
