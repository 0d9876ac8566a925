#!/bin/bash
# Boots the simulated EC2 container instance. Each stage prints one line; a failure writes
# /run/ecs-sim/failed with the stage and reason, which the harness reports. Order (DESIGN.md):
#   [iptables-restore if persisted before docker] → sysctls → [nftables.service, firewalld if enabled] → dockerd → user data (first boot)
#   and every-boot scripts → [restore after docker] → ecs-init rules → ready.
# Configuration comes from the container's environment (set once at create, kept across reboots).
set -uo pipefail
STATE=/run/ecs-sim
mkdir -p "$STATE" /var/log/ecs-sim
# Each state file is replaced whole (write, then rename), so a reader never sees half of one.
stage() { echo "ecs-sim-boot: $*"; echo "$*" >"$STATE/.stage.$BASHPID" && mv -f "$STATE/.stage.$BASHPID" "$STATE/stage"; }
fail() { echo "ecs-sim-boot: FAILED: $*" >&2; echo "$*" >"$STATE/failed"; sleep infinity; }

# 0. Without --privileged (refused on some hosts), /sys and the cgroup mounts arrive read-only.
#    A cgroup bind mount cannot be remounted rw ("busy"), but in the container's own cgroup
#    namespace (CgroupnsMode private) a fresh mount of the same hierarchy is rooted at the
#    container's cgroup, which is what the nested dockerd needs.
stage mounts
mount -o remount,rw /sys 2>/dev/null || true
if ! touch /sys/fs/cgroup/.ecs-sim-rw 2>/dev/null || ! mkdir -p /sys/fs/cgroup/cpuset/.ecs-sim-rw 2>/dev/null; then
  mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
  awk '$3 == "cgroup" || $3 == "cgroup2" {print $2, $3, $4}' /proc/mounts | while read -r m type opts; do
    case ",$opts," in *,rw,*) continue ;; esac
    keep=$(echo "$opts" | tr , '\n' | grep -vE '^(ro|rw|nosuid|nodev|noexec|relatime)$' | paste -sd, -)
    umount "$m" && mount -t "$type" -o "rw,nosuid,nodev,noexec${keep:+,$keep}" "$type" "$m" || fail "mounts: cannot remount $m read-write"
  done
fi
rmdir /sys/fs/cgroup/cpuset/.ecs-sim-rw 2>/dev/null; rm -f /sys/fs/cgroup/.ecs-sim-rw 2>/dev/null
# The instance's disk: one volume at /disk holds what a real instance keeps across a reboot.
for p in /var/lib/docker /etc/sysconfig /etc/ecs /var/lib/ecs /var/log/ecs /var/lib/cloud; do
  mkdir -p "/disk$p" "$p" && mount --bind "/disk$p" "$p" || fail "mounts: cannot bind /disk$p on $p"
done
boot_n=$(( $(cat /var/lib/cloud/boot-count 2>/dev/null || echo 0) + 1 ))
echo "$boot_n" >/var/lib/cloud/boot-count

# 1. The iptables front end (bookworm's alternatives; dockerd runs whichever `iptables` is).
stage "iptables front end ${ECS_SIM_IPTABLES:-nft}"
case "${ECS_SIM_IPTABLES:-nft}" in
  nft) mode=nft ;; legacy) mode=legacy ;; *) fail "ECS_SIM_IPTABLES must be nft or legacy" ;;
esac
for t in iptables ip6tables; do update-alternatives --quiet --set "$t" "/usr/sbin/$t-$mode" || fail "cannot select $t-$mode"; done

# 2. First boot: the agent config the harness was given, before user data can edit it.
if [ "$boot_n" = 1 ] && [ -n "${ECS_SIM_ECS_CONFIG_B64:-}" ]; then
  echo "$ECS_SIM_ECS_CONFIG_B64" | base64 -d >/etc/ecs/ecs.config
fi

# 3. Persisted rules restored before dockerd starts, as the iptables service does on Amazon Linux.
if [ "${ECS_SIM_PERSISTENCE:-none}" = restore-before-docker ] && [ -s /etc/sysconfig/iptables ]; then
  stage "restoring /etc/sysconfig/iptables before docker"
  ecs-sim-iptables-persist restore || fail "iptables-restore of /etc/sysconfig/iptables failed"
fi

# 4. Sysctls: forwarding off, so that dockerd turns it on and sets FORWARD DROP, as on a fresh
#    EC2 instance (DESIGN.md, Nested engine).
stage sysctls
sysctl -q -w net.ipv4.ip_forward=0 || fail "cannot set net.ipv4.ip_forward"

# 4b. A dual-stack instance (harness/network/link-ipv6.ts): its IPv6 address on the link, added in
#     its own namespace (the Docker network is IPv4-only, so the host gains nothing).
if [ -n "${ECS_SIM_IPV6_ADDRESS:-}" ]; then
  stage ipv6
  # The words harness/network/ipv6-unavailable.ts looks for.
  [ -d /proc/sys/net/ipv6 ] || fail "IPv6 unavailable: this kernel has IPv6 off (no /proc/sys/net/ipv6)"
  sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 2>/dev/null
  ip -6 addr add "$ECS_SIM_IPV6_ADDRESS/64" dev eth0 nodad 2>"$STATE/ipv6.err" ||
    fail "IPv6 unavailable: an IPv6 address on eth0 is refused ($(cat "$STATE/ipv6.err")); net.ipv6.conf.eth0.disable_ipv6=$(cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null)"
fi

# 4c. The AMI's firewall services that are enabled, before dockerd as systemd orders them:
#     nftables.service is Before=network-pre.target (Debian's unit), firewalld.service is
#     After=dbus.service and Before=network-pre.target, and docker.service is
#     After=network-online.target firewalld.service (Debian's docker.io unit).
if [ "${ECS_SIM_NFTABLES_SERVICE:-none}" != none ]; then
  stage "nftables.service ($ECS_SIM_NFTABLES_SERVICE)"
  ecs-sim-nftables-service config "$ECS_SIM_NFTABLES_SERVICE" || fail "nftables.service: cannot write /etc/nftables.conf"
  ecs-sim-nftables-service start >"$STATE/nftables.err" 2>&1 || fail "nftables.service: nft -f /etc/nftables.conf failed: $(cat "$STATE/nftables.err")"
fi
if [ "${ECS_SIM_FIREWALLD:-none}" != none ]; then
  stage "firewalld ($ECS_SIM_FIREWALLD backend)"
  ecs-sim-firewalld start "$ECS_SIM_FIREWALLD" >"$STATE/firewalld.err" 2>&1 || fail "firewalld: $(tail -n 3 "$STATE/firewalld.err" | tr '\n' ' ')"
fi

# 5. dockerd. SIGHUP to PID 1 restarts it, as `systemctl restart docker` would.
stage dockerd
extra=()
if [ -n "${ECS_SIM_DOCKERD_ARGS_B64:-}" ]; then
  mapfile -t extra < <(echo "$ECS_SIM_DOCKERD_ARGS_B64" | base64 -d | node -e 'for (const a of JSON.parse(require("fs").readFileSync(0, "utf8"))) console.log(a)')
fi
if [ -n "${ECS_SIM_DOCKER_IPV6_CIDR:-}" ]; then
  # IPv6 on docker0 and Docker's ip6tables rules (experimental in Docker 20.10, which then makes
  # no DOCKER-USER chain in ip6tables: docker/for-linux#1248, moby/libnetwork#2660).
  extra+=(--ipv6 "--fixed-cidr-v6=$ECS_SIM_DOCKER_IPV6_CIDR" --experimental --ip6tables)
fi
start_dockerd() {
  rm -f /var/run/docker.pid
  dockerd --host unix:///var/run/docker.sock "${extra[@]}" >>/var/log/ecs-sim/dockerd.log 2>&1 &
  dockerd_pid=$!
  # The API socket is made before the daemon initialises and served after (moby's
  # daemon/command/daemon.go: loadListeners, then NewDaemon, then Serve): once it exists, one
  # `docker info` waits in the accept queue until dockerd is ready, instead of a CLI started every
  # 100 ms (each about 35 ms of CPU) while it initialises.
  local until=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$until" ]; do
    [ -S /var/run/docker.sock ] && timeout 10 docker info >/dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || fail "dockerd exited: $(tail -n 3 /var/log/ecs-sim/dockerd.log | tr '\n' ' ')"
    sleep 0.02
  done
  fail "dockerd did not answer within 30s: $(tail -n 3 /var/log/ecs-sim/dockerd.log | tr '\n' ' ')"
}
restart_requested=0
trap 'stage stopping; kill -TERM $dockerd_pid 2>/dev/null; wait $dockerd_pid; exit 0' TERM INT
ecs_restart_requested=0
on_docker_restart() {
  restart_requested=1
  if [ "${ECS_SIM_ECS_PART_OF_DOCKER:-1}" = 1 ]; then
    stop_ecs
  else
    # The agent runs in a container of this dockerd: it dies with it, then ecs-init exits.
    [ -n "$agent_pid" ] && { kill -TERM "$agent_pid" 2>/dev/null; wait "$agent_pid" 2>/dev/null; }
    agent_pid=""
    node /opt/ecs-sim/ecs-init.mjs post-stop >>/var/log/ecs-sim/ecs-init.log 2>&1
  fi
  kill -TERM "$dockerd_pid" 2>/dev/null
}
trap on_docker_restart HUP
# A trap interrupts the main loop's `wait`, which then sees the request.
trap 'ecs_restart_requested=1' USR1
start_dockerd
echo 1 >"$STATE/docker-generation"

# 6. User data runs at first boot only (cloud-init's default); failures are logged, boot goes on.
run_script() { # name, base64 script
  local name=$1 rc
  echo "$2" | base64 -d >"$STATE/$name.sh"
  bash "$STATE/$name.sh" >>"/var/log/ecs-sim/$name.log" 2>&1; rc=$?
  echo "$rc" >"$STATE/$name.rc"
  [ "$rc" = 0 ] || echo "ecs-sim-boot: $name exited $rc (see /var/log/ecs-sim/$name.log)" >&2
}
if [ "$boot_n" = 1 ] && [ -n "${ECS_SIM_USER_DATA_B64:-}" ]; then
  stage "user data"
  run_script user-data "$ECS_SIM_USER_DATA_B64"
fi
i=0
while v="ECS_SIM_EVERY_BOOT_${i}_B64" && [ -n "${!v:-}" ]; do
  stage "every-boot script $i"
  run_script "every-boot-$i" "${!v}"
  i=$((i + 1))
done

if [ "${ECS_SIM_PERSISTENCE:-none}" = restore-after-docker ] && [ -s /etc/sysconfig/iptables ]; then
  stage "restoring /etc/sysconfig/iptables after docker"
  ecs-sim-iptables-persist restore || fail "iptables-restore of /etc/sysconfig/iptables failed"
fi

# 7. The link network's routes (DESIGN.md): the mocks are the VPC's router, so the default route
#    goes through them (the mock STS is a routed address, as the real one is); 169.254.169.254 also
#    has its own route there, except on ECS Anywhere, which has no IMDS.
if [ -n "${ECS_SIM_GATEWAY:-}" ]; then
  ip route replace default via "$ECS_SIM_GATEWAY" || fail "cannot route the default route via $ECS_SIM_GATEWAY"
fi
if [ -n "${ECS_SIM_IPV6_GATEWAY:-}" ]; then
  ip -6 route replace default via "$ECS_SIM_IPV6_GATEWAY" dev eth0 || fail "cannot route IPv6 via $ECS_SIM_IPV6_GATEWAY"
fi
if [ -n "${ECS_SIM_IMDS_VIA:-}" ]; then
  ip route replace 169.254.169.254/32 via "$ECS_SIM_IMDS_VIA" || fail "cannot route 169.254.169.254 via $ECS_SIM_IMDS_VIA"
fi

# 8. ecs.service (packaging/amazon-linux-ami-integrated/ecs.service): ExecStartPre runs ecs-init's
#    pre-start (harness/instance/ecs-init/main.ts: ecs.config resolved as ecs-init and the agent
#    read it, route_localnet, the netfilter rules of the release in ECS_SIM_AGENT_VERSION), then the
#    agent (simulated, harness/agent/) starts with what pre-start resolved; ExecStopPost runs
#    post-stop. The agent reads its configuration only here, when it starts.
agent_pid=""
agent_ready_lines() { cat /var/log/ecs-sim/agent.log 2>/dev/null | grep -c 'ecs-sim-agent ready'; }
start_ecs() {
  stage "ecs-init pre-start"
  node /opt/ecs-sim/ecs-init.mjs pre-start >>/var/log/ecs-sim/ecs-init.log 2>&1 || fail "ecs-init pre-start failed: $(tail -n 3 /var/log/ecs-sim/ecs-init.log | tr '\n' ' ')"
  stage "ecs agent"
  ECS_SIM_AGENT_CONFIG="$(cat /run/ecs-sim/agent/config.json)" node /opt/ecs-sim/agent.mjs >>/var/log/ecs-sim/agent.log 2>&1 &
  agent_pid=$!
  local before until=$((SECONDS + 30)); before=$(agent_ready_lines)
  # 30 s: node starting the agent's bundle on a loaded 2-core runner can take several seconds.
  while [ "$SECONDS" -lt "$until" ]; do
    [ "$(agent_ready_lines)" -gt "$before" ] && break
    kill -0 "$agent_pid" 2>/dev/null || fail "the ECS agent exited: $(tail -n 3 /var/log/ecs-sim/agent.log | tr '\n' ' ')"
    sleep 0.02
  done
  [ "$(agent_ready_lines)" -gt "$before" ] || fail "the ECS agent did not start within 30s"
  echo $(( $(cat "$STATE/agent-generation" 2>/dev/null || echo 0) + 1 )) >"$STATE/agent-generation"
}
stop_ecs() {
  stage "ecs stopping"
  if [ -n "$agent_pid" ]; then kill -TERM "$agent_pid" 2>/dev/null; wait "$agent_pid" 2>/dev/null; fi
  agent_pid=""
  node /opt/ecs-sim/ecs-init.mjs post-stop >>/var/log/ecs-sim/ecs-init.log 2>&1 || echo "ecs-sim-boot: ecs-init post-stop failed" >&2
}
start_ecs

cat /proc/sys/kernel/random/boot_id >/dev/null
echo "$boot_n" >"$STATE/ready"
stage "ready (boot $boot_n)"
# SIGHUP is `systemctl restart docker`; SIGUSR1 is `systemctl restart ecs`. With
# PartOf=docker.service (ECS_SIM_ECS_PART_OF_DOCKER=1) ecs stops before docker and starts after
# it; without it the agent dies with dockerd, ecs-init's start exits with an error, post-stop runs,
# and systemd starts ecs again RestartSec=10s later (Restart=on-failure; ecs-init/engine/engine.go
# StartSupervised).
while :; do
  wait "$dockerd_pid"
  if [ "$restart_requested" = 1 ]; then
    while kill -0 "$dockerd_pid" 2>/dev/null; do sleep 0.1; done
    restart_requested=0
    stage "restarting dockerd"
    start_dockerd
    echo $(( $(cat "$STATE/docker-generation") + 1 )) >"$STATE/docker-generation"
    if [ "${ECS_SIM_ECS_PART_OF_DOCKER:-1}" = 1 ]; then start_ecs
    else stage "ecs failed with docker; systemd restarts it in 10s"; sleep 10; start_ecs; fi
    stage "ready (boot $boot_n, dockerd restarted)"
    continue
  fi
  if [ "$ecs_restart_requested" = 1 ]; then
    ecs_restart_requested=0
    stop_ecs
    start_ecs
    stage "ready (boot $boot_n, ecs restarted)"
    continue
  fi
  kill -0 "$dockerd_pid" 2>/dev/null && continue
  fail "dockerd exited: $(tail -n 3 /var/log/ecs-sim/dockerd.log | tr '\n' ' ')"
done
