#!/usr/bin/env bash
# Finds a Docker engine that answers, or (Debian/Ubuntu, root, no ECS_SIM_NO_INSTALL) installs
# Debian's docker.io and starts dockerd in the background. It never restarts or reconfigures an
# engine that already answers. Used by `npm start`, `npm test` (via pretest) and .ci/run.
set -euo pipefail

say() { printf 'ecs-sim: %s\n' "$*" >&2; }
log_file="${ECS_SIM_DOCKERD_LOG:-/var/log/ecs-sim-dockerd.log}"
wait_seconds="${ECS_SIM_ENGINE_WAIT:-60}"

engine_answers() {
  # `docker info` talks to DOCKER_HOST or the default socket; bounded so a hung engine cannot hang us.
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

if engine_answers; then
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  say "DOCKER_HOST=$DOCKER_HOST is set but no engine answers there."
  say "Fix: start that engine, or unset DOCKER_HOST to use (or install) a local one."
  exit 3
fi

if [ "${ECS_SIM_NO_INSTALL:-}" = "1" ]; then
  say "no Docker engine answers on the default socket, and ECS_SIM_NO_INSTALL=1 forbids installing one."
  say "Fix: start a Docker engine (e.g. 'sudo systemctl start docker'), or set DOCKER_HOST."
  exit 3
fi

os_id=""
if [ -r /etc/os-release ]; then
  os_id=$(. /etc/os-release; echo "${ID:-} ${ID_LIKE:-}")
fi
case " $os_id " in
  *" debian "*|*" ubuntu "*) ;;
  *)
    say "no Docker engine answers, and this host is not Debian or Ubuntu ($os_id), so ecs-sim will not install one."
    say "Fix: install Docker Engine (20.10 or later) and start it, or set DOCKER_HOST to one that runs."
    exit 3 ;;
esac
if [ "$(id -u)" != "0" ]; then
  say "no Docker engine answers, and installing one needs root."
  say "Fix: 'sudo apt-get install docker.io iptables mmdebstrap && sudo systemctl start docker', then add yourself to the docker group."
  exit 3
fi

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
command -v iptables >/dev/null 2>&1 || need_install+=(iptables)
command -v mmdebstrap >/dev/null 2>&1 || need_install+=(mmdebstrap)
if [ ${#need_install[@]} -gt 0 ]; then
  say "no Docker engine answers: installing Debian's ${need_install[*]} with apt-get (set ECS_SIM_NO_INSTALL=1 to refuse)."
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -q >/dev/null
  timeout 900 apt-get install -y -q --no-install-recommends "${need_install[@]}" >/dev/null
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  say "a dockerd process exists but does not answer; waiting for it (ecs-sim does not restart engines it did not start)."
else
  say "starting dockerd in the background (log: $log_file)."
  # setsid: the engine outlives this script and the npm process that ran it.
  setsid nohup dockerd >>"$log_file" 2>&1 </dev/null &
fi

for _ in $(seq 1 "$wait_seconds"); do
  if engine_answers; then
    say "Docker engine is up."
    exit 0
  fi
  sleep 1
done
say "the Docker engine did not answer within ${wait_seconds}s. Last lines of $log_file:"
tail -n 20 "$log_file" >&2 || true
exit 3
