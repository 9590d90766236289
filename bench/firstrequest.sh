#!/usr/bin/env bash
# Receiver cold start, fresh process -> first webhook answered, against a Python 3 + boto3 receiver doing the same
# calls (bench/python/receiver.py), both against the same DynamoDB Local and ElasticMQ, started once on two ports and
# reached through AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS (bench/.../LocalStores.java).
#
#   mvn -q -DskipTests -pl functions/receiver -am package   # receiver.jar and its AppCDS archive receiver.jsa
#   mvn -q -Pbench -pl bench -am package -DskipTests        # the harness, bench/target/classes
#   bench/firstrequest.sh [RUNS]                            # RUNS rounds, default 10
#   bench/firstrequest.sh --summary RUNS                    # the table again from bench/target/firstrequest/runs.tsv
#   JDKS="17=/usr/lib/jvm/java-17-openjdk-amd64 25=/usr/lib/jvm/temurin-25-jdk-amd64" bench/firstrequest.sh 8
#                                                           # JDKs against each other (issue 11 §7): per JDK, tiered
#                                                           # with and without an AppCDS archive trained on that JDK,
#                                                           # and C1 with it, all interleaved with Python
#
# Every run is a new process with only the environment a Lambda function has (region, table and queue names,
# credentials, endpoints; an empty HOME) and a new delivery id, so each takes the queued path: GetItem of the hook,
# HMAC-SHA256 verification, the JSON body read, a conditional PutItem, SendMessage, an UpdateItem. Targets take turns
# within each round (interleaved), after one untimed run each. The wall time is taken around the whole process
# (start, answer, exit), with the process's CPU time (user + sys, GNU time: steadier than wall time on a busy
# machine); gitbridge's targets also print JVM start (RuntimeMXBean) -> answer. Raw data in
# bench/target/firstrequest/runs.tsv. See docs/benchmarks.md.
set -euo pipefail

cd "$(dirname "$0")/.."

summary() { # runs: the Markdown table of bench/target/firstrequest/runs.tsv
awk -F'\t' -v runs="$1" -v targets="${TARGETS[*]}" '
  function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
  function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { wall[$1, $2] = $3; inproc[$1, $2] = $4; load[++nl] = $5; cpu[$1, $2] = $6 }
  END {
    sort(load, nl)
    printf "load average during the runs: %.1f-%.1f (median %.1f)\n\n", load[1], load[nl], med(load, nl)
    print "| target | whole process, ms: min / median / max | ratio to Python, per round: min / median / max | CPU (user+sys), ms: median | CPU ratio to Python, per round: min / median / max | JVM start -> answer, ms: median |"
    print "|---|---|---|---|---|---|"
    nt = split(targets, order, " ")
    for (k = 1; k <= nt; k++) {
      t = order[k]; n = 0; m = 0
      for (r = 1; r <= runs; r++) {
        w[++n] = wall[r, t]; ip[++m] = inproc[r, t]; q[n] = wall[r, t] / wall[r, "python"]
        c[n] = cpu[r, t]; cq[n] = cpu[r, t] / cpu[r, "python"]
      }
      sort(w, n); sort(ip, m); sort(q, n); sort(c, n); sort(cq, n)
      printf "| %s | %d / %d / %d | %.2f / %.2f / %.2f | %d | %.2f / %.2f / %.2f | %s |\n", t, w[1], med(w, n), w[n], q[1], med(q, n), q[n], med(c, n), cq[1], med(cq, n), cq[n], (t == "python" ? "-" : med(ip, m))
    }
  }' bench/target/firstrequest/runs.tsv | tee bench/target/firstrequest/summary.md
}
TARGETS=(python java java-appcds java-c1 java-c1-appcds)
if [[ -n ${JDKS:-} ]]; then  # LABEL=JAVA_HOME ...: per JDK, javaLABEL, javaLABEL-appcds, javaLABEL-c1-appcds
  TARGETS=(python)
  for jdk in $JDKS; do TARGETS+=("java${jdk%%=*}" "java${jdk%%=*}-appcds" "java${jdk%%=*}-c1-appcds"); done
fi
if [[ ${1:-} == --summary ]]; then  # bench/firstrequest.sh --summary RUNS: the table again, from the last runs
  summary "$2"
  exit
fi
RUNS=${1:-10}
ROOT=$(pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT=bench/target/firstrequest
JAR=$ROOT/functions/receiver/target/receiver.jar
JSA=$ROOT/functions/receiver/target/receiver.jsa
ENVELOPE=$ROOT/events/github/push.apigw.json
for f in "$JAR" "$JSA" bench/target/classes/io/gitbridge/bench/coldstart/FirstRequest.class; do
  [[ -f $f ]] || { echo "missing $f: see the build commands at the top of $0" >&2; exit 1; }
done
python3 -c 'import boto3' || { echo "python3 cannot import boto3" >&2; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT/home"
mvn -q -o -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/$OUT/classpath.txt" >/dev/null
coproc STORES { "$JAVA" -cp "bench/target/classes:$(cat "$OUT/classpath.txt")" \
    io.gitbridge.bench.coldstart.LocalStores "$OUT/stores.env" 2>"$OUT/stores.stderr"; }
read -r ready <&"${STORES[0]}"
[[ $ready == ready ]] || { echo "the stores did not start: $(cat "$OUT/stores.stderr")" >&2; exit 1; }
trap 'exec {STORES[1]}>&-; wait' EXIT

run_env=(env -i PATH="$PATH" HOME="$ROOT/$OUT/home" LANG=C.UTF-8 AWS_REGION=us-east-1
  AWS_ACCESS_KEY_ID=AKIDFIRSTREQUEST0000 AWS_SECRET_ACCESS_KEY=first-request-bench-dummy-secret
  $(cat "$OUT/stores.env"))
# The receiver's JVM flags as template.yaml deploys them (JAVA_TOOL_OPTIONS); C1-only for comparison.
TIERED=(-XX:+TieredCompilation)
C1=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
CP=(-cp "$JAR:$ROOT/bench/target/classes")
MAIN=io.gitbridge.bench.coldstart.FirstRequest
java_of() { # label: that JDK's java, from JDKS
  local jdk
  for jdk in $JDKS; do [[ ${jdk%%=*} == "$1" ]] && { echo "${jdk#*=}/bin/java"; return; }; done
  echo "unknown JDK $1" >&2; exit 1
}
command_of() { # target
  local label
  case $1 in
    python) echo python3 "$ROOT/bench/python/receiver.py" ;;
    java) echo "$JAVA" "${TIERED[@]}" "${CP[@]}" "$MAIN" ;;
    java-appcds) echo "$JAVA" "${TIERED[@]}" -XX:SharedArchiveFile="$JSA" -Xshare:auto "${CP[@]}" "$MAIN" ;;
    java-c1) echo "$JAVA" "${C1[@]}" "${CP[@]}" "$MAIN" ;;
    java-c1-appcds) echo "$JAVA" "${C1[@]}" -XX:SharedArchiveFile="$JSA" -Xshare:auto "${CP[@]}" "$MAIN" ;;
    java*-c1-appcds) label=${1#java}; label=${label%-c1-appcds}
      echo "$(java_of "$label")" "${C1[@]}" -XX:SharedArchiveFile="$ROOT/$OUT/receiver-$label.jsa" -Xshare:auto \
        "${CP[@]}" "$MAIN" ;;
    java*-appcds) label=${1#java}; label=${label%-appcds}
      echo "$(java_of "$label")" "${TIERED[@]}" -XX:SharedArchiveFile="$ROOT/$OUT/receiver-$label.jsa" -Xshare:auto \
        "${CP[@]}" "$MAIN" ;;
    java*) echo "$(java_of "${1#java}")" "${TIERED[@]}" "${CP[@]}" "$MAIN" ;;
  esac
}

n=0
run_once() { # target round
  local started ended line
  n=$((n + 1))
  started=$(date +%s%N)
  line=$(/usr/bin/time -f 'cpu %U %S' -o "$OUT/time.txt" "${run_env[@]}" $(command_of "$1") "$ENVELOPE" \
      "bench-$1-$2-$n-$RANDOM" 2>>"$OUT/$1.stderr" | grep '^firstrequest ') \
      || { echo "$1 printed no result: $(tail -5 "$OUT/$1.stderr")" >&2; exit 1; }
  ended=$(date +%s%N)
  [[ $line == "firstrequest 202 "* ]] || { echo "$1 answered $line" >&2; exit 1; }
  cpu=$(awk '/^cpu/ { printf "%d", ($2 + $3) * 1000 }' "$OUT/time.txt")
  echo -e "$2\t$1\t$(( (ended - started) / 1000000 ))\t${line##* }\t$(cut -d' ' -f1 /proc/loadavg)\t$cpu" \
      >>"$OUT/runs.tsv"
}

for jdk in ${JDKS:-}; do  # an archive per JDK (one only fits the JVM build that wrote it), as the receiver's pom trains it
  env -i PATH="$PATH" HOME="$ROOT/$OUT/home" AWS_REGION=us-east-1 HOOKS_TABLE=gitbridge-training \
    DELIVERIES_TABLE=gitbridge-training SYNC_QUEUE_URL=http://127.0.0.1:9/000000000000/gitbridge-training.fifo \
    GITBRIDGE_AWS_ENDPOINT=http://127.0.0.1:9 AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training \
    "${jdk#*=}/bin/java" -XX:ArchiveClassesAtExit="$ROOT/$OUT/receiver-${jdk%%=*}.jsa" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$JAR" io.gitbridge.receiver.ReceiverPriming \
    >"$OUT/training-${jdk%%=*}.log" 2>&1
  "${jdk#*=}/bin/java" -version 2>&1 | sed -n 2p | sed "s/^/JDK ${jdk%%=*}: /"
done
for t in "${TARGETS[@]}"; do run_once "$t" warmup; done
: >"$OUT/runs.tsv"
for ((r = 1; r <= RUNS; r++)); do
  for t in "${TARGETS[@]}"; do run_once "$t" "$r"; done
done
# AppCDS really mapped: the JVM says so with -Xlog:cds (a mismatch would fall back silently).
"${run_env[@]}" "$JAVA" "${TIERED[@]}" -XX:SharedArchiveFile="$JSA" -Xshare:on -Xlog:class+load "${CP[@]}" "$MAIN" \
    "$ENVELOPE" bench-cds-check-2 >"$OUT/appcds-classload.log" 2>&1
echo "AppCDS: $(grep -c 'source: shared objects file (top)' "$OUT/appcds-classload.log") classes from the receiver's archive,"\
  "$(grep -c 'source: file:' "$OUT/appcds-classload.log") from the jar"
for jdk in ${JDKS:-}; do
  "${run_env[@]}" "${jdk#*=}/bin/java" "${TIERED[@]}" -XX:SharedArchiveFile="$ROOT/$OUT/receiver-${jdk%%=*}.jsa" -Xshare:on \
    -Xlog:class+load "${CP[@]}" "$MAIN" "$ENVELOPE" "bench-cds-check-${jdk%%=*}" >"$OUT/appcds-classload-${jdk%%=*}.log" 2>&1
  echo "AppCDS, JDK ${jdk%%=*}: $(grep -c 'source: shared objects file (top)' "$OUT/appcds-classload-${jdk%%=*}.log")"\
    "classes from its archive, $(grep -c 'source: file:' "$OUT/appcds-classload-${jdk%%=*}.log") from the jar"
done

summary "$RUNS"
