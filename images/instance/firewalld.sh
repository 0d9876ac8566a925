#!/bin/bash
# The AMI's firewalld, real (Debian's package), as systemd runs it:
#   start BACKEND   firewalld.service (After=dbus.service; docker.service has After=firewalld.service,
#                   so boot.sh starts it before dockerd): FirewallBackend=BACKEND in
#                   /etc/firewalld/firewalld.conf, the D-Bus system bus, then firewalld, ready once
#                   `firewall-cmd --state` says running;
#   reload          `firewall-cmd --reload`;
#   complete-reload `firewall-cmd --complete-reload`.
# With the iptables backend firewalld flushes every iptables table at start and reload (its
# ipXtables backend), Docker's chains included (moby#35043, firewalld/firewalld#503); dockerd,
# subscribed to firewalld's Reloaded D-Bus signal (moby libnetwork/iptables/firewalld.go), then
# re-creates its own chains, not the rules a user put in them. After a reload this script waits
# (10 s at most) until the rules have settled with DOCKER-USER back, and says whether it is, so
# that the next step sees what dockerd did, not a race with it. The outer engine's DNS rules are kept (ecs-sim-outer-dns).
set -uo pipefail
conf=/etc/firewalld/firewalld.conf

ready() {
  for _ in $(seq 1 150); do
    [ "$(firewall-cmd --state 2>/dev/null)" = running ] && return 0
    sleep 0.2
  done
  echo "firewalld did not say running within 30s: $(tail -n 3 /var/log/firewalld 2>/dev/null | tr '\n' ' ')" >&2
  return 1
}

case "${1:-}" in
  start)
    case "${2:-}" in nftables | iptables) ;; *) echo "usage: $0 start nftables|iptables" >&2; exit 2 ;; esac
    sed -i "s/^FirewallBackend=.*/FirewallBackend=$2/" "$conf"
    grep -q "^FirewallBackend=$2$" "$conf" || { echo "no FirewallBackend line in $conf" >&2; exit 1; }
    dns=$(ecs-sim-outer-dns save)
    mkdir -p /run/dbus
    [ -e /run/dbus/system_bus_socket ] || dbus-daemon --system --fork || { echo "dbus-daemon --system did not start" >&2; exit 1; }
    rm -f /run/firewalld.pid
    firewalld || { echo "firewalld exited $?" >&2; exit 1; }
    ready || exit 1
    ecs-sim-outer-dns restore <<<"$dns" ;;
  reload | complete-reload)
    dns=$(ecs-sim-outer-dns save)
    firewall-cmd "--$1" || exit $?
    ecs-sim-outer-dns restore <<<"$dns"
    # dockerd handles the Reloaded signal after firewall-cmd returns: wait until the filter and
    # nat tables have stopped changing (two reads 0.5 s apart alike) and hold the DOCKER-USER jump.
    rules() { iptables -S 2>/dev/null; iptables -t nat -S 2>/dev/null; }
    prev=$(rules)
    for _ in $(seq 1 20); do
      sleep 0.5
      now=$(rules)
      [ "$now" = "$prev" ] && grep -q -- '-A FORWARD -j DOCKER-USER' <<<"$now" && break
      prev=$now
    done
    if grep -q -- '-A FORWARD -j DOCKER-USER' <<<"$now"; then echo "dockerd re-created its chains"
    else echo "no FORWARD jump to DOCKER-USER 10s after the reload"; fi ;;
  *) echo "usage: $0 start nftables|iptables | reload | complete-reload" >&2; exit 2 ;;
esac
