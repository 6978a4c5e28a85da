#!/usr/bin/env bash
# One real Elasticsearch node for tests and benchmarks: the test distribution from Maven
# Central (cached in ~/.m2), single-node, security off, 512 MB heap, bound to 127.0.0.1,
# run as an unprivileged user. Usage: scripts/elasticsearch.sh start|stop|status
set -euo pipefail

ES_VERSION="${ES_VERSION:-9.3.2}"
ES_PORT="${ES_PORT:-9200}"
ES_HOME_BASE="${ES_HOME_BASE:-/tmp/lontar-es}"
ES_HOME="$ES_HOME_BASE/elasticsearch-$ES_VERSION"
ES_USER="${ES_USER:-lontar-es}"
URL="http://127.0.0.1:$ES_PORT"

find_java() {
  # Elasticsearch 9 needs Java 21 or newer; the machine's default is 17.
  for candidate in "${ES_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then echo "$candidate"; return; fi
  done
  echo "no Java 21+ found (looked in /usr/lib/jvm)" >&2; exit 1
}

fetch() {
  local zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    mvn -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" >&2
  fi
  if [ ! -d "$ES_HOME" ]; then
    mkdir -p "$ES_HOME_BASE"
    (cd "$ES_HOME_BASE" && unzip -q -o "$zip")
  fi
}

healthy() {
  curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

start() {
  if healthy; then echo "Elasticsearch already running at $URL"; return; fi
  fetch
  local java_home; java_home="$(find_java)"
  if [ "$(id -u)" = "0" ]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME"
  fi
  cat > "$ES_HOME/config/elasticsearch.yml" <<YML
cluster.name: lontar-test
node.name: lontar-node-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
  local run=(env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms512m -Xmx512m" "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/es.pid")
  if [ "$(id -u)" = "0" ]; then
    su -s /bin/bash "$ES_USER" -c "$(printf '%q ' "${run[@]}") >\"$ES_HOME/start.log\" 2>&1"
  else
    "${run[@]}" >"$ES_HOME/start.log" 2>&1
  fi
  for _ in $(seq 1 120); do
    if healthy; then echo "Elasticsearch $ES_VERSION up at $URL"; return; fi
    sleep 1
  done
  echo "Elasticsearch did not become healthy in 120 s; last log lines:" >&2
  tail -n 40 "$ES_HOME"/logs/*.log >&2 || true
  exit 1
}

stop() {
  if [ -f "$ES_HOME/es.pid" ]; then kill "$(cat "$ES_HOME/es.pid")" 2>/dev/null || true; rm -f "$ES_HOME/es.pid"; fi
}

status() {
  if healthy; then curl -fsS "$URL/_cluster/health"; echo; else echo "not running"; exit 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
