#!/usr/bin/env bash
# `make lan`: serve Outreach to phones on the staging area's Wi-Fi over HTTPS they can be made to trust.
#
# gunicorn (gunicorn.conf.py, as `make serve`) runs the app on loopback; Caddy in front of it
# terminates TLS with its own local certificate authority (`tls internal`) and serves a plain-HTTP
# join page with that authority's root certificate. The CA and certificates are made once and kept
# under LAN_STATE (instance/lan). Ctrl-C stops both.
#
# Settings (environment): LAN_HOST (default: this laptop's first non-loopback IPv4 address),
# LAN_PORT (8443), LAN_JOIN_PORT (8080), LAN_BIND (interface address to listen on; default all),
# LAN_APP_PORT (gunicorn's loopback port; default a free one), LAN_STATE (instance/lan),
# DATABASE_URL as everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

first_ipv4() {
  # The first address of an interface that is up and not loopback (Linux, then macOS).
  if command -v ip >/dev/null 2>&1; then
    ip -4 -o addr show scope global up 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }'
  elif command -v ipconfig >/dev/null 2>&1; then
    for interface in en0 en1 en2; do ipconfig getifaddr "$interface" 2>/dev/null && break; done
  fi
}

free_port() {
  "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_caddy() {
  command -v caddy >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Caddy (apt-get install caddy)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null
    # The package starts a system-wide Caddy on port 80; make lan runs its own.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now caddy >/dev/null 2>&1 || true; fi
  fi
  if ! command -v caddy >/dev/null 2>&1; then
    echo "make lan needs Caddy: install it (Debian or Ubuntu: sudo apt-get install caddy; macOS: brew install caddy) and run make lan again." >&2
    exit 1
  fi
}

LAN_HOST=${LAN_HOST:-$(first_ipv4)}
if [ -z "$LAN_HOST" ]; then
  echo "No network address found: join the staging area's Wi-Fi, or set LAN_HOST to the name or address phones will use." >&2
  exit 1
fi
export LAN_HOST
export LAN_PORT=${LAN_PORT:-8443} LAN_JOIN_PORT=${LAN_JOIN_PORT:-8080} LAN_BIND=${LAN_BIND:-0.0.0.0}
export LAN_APP_PORT=${LAN_APP_PORT:-$(free_port)}
case "$LAN_HOST" in
  *[!0-9.]*) export LAN_SNI_CHECK=on ;;   # a name (IPv6 addresses are not offered to phones)
  *) export LAN_SNI_CHECK=insecure_off ;;  # an IPv4 address: TLS carries no name to compare
esac
mkdir -p "${LAN_STATE:-instance/lan}/join"
LAN_STATE=$(cd "${LAN_STATE:-instance/lan}" && pwd)
export LAN_STATE
# Caddy keeps its data and config beside its certificates, never in the user's home.
export XDG_DATA_HOME="$LAN_STATE/caddy" XDG_CONFIG_HOME="$LAN_STATE/caddy"
APP_URL="https://$LAN_HOST:$LAN_PORT/"
JOIN_URL="http://$LAN_HOST:$LAN_JOIN_PORT/"
ROOT_CERT="$LAN_STATE/caddy/pki/authorities/local/root.crt"

ensure_caddy
"$BIN/flask" --app outreach init-db

children=()
stop() {
  trap - INT TERM EXIT
  [ ${#children[@]} -gt 0 ] && kill -TERM "${children[@]}" 2>/dev/null || true
  wait
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# Caddy is the one proxy in front: trust its X-Forwarded-* (client address for rate limits, https).
OUTREACH_BIND="127.0.0.1:$LAN_APP_PORT" OUTREACH_PROXY_FIX=1 FORWARDED_ALLOW_IPS=127.0.0.1 \
  OUTREACH_PUBLIC_URL="$APP_URL" \
  "$BIN/gunicorn" --config gunicorn.conf.py wsgi:app &
children+=($!)
caddy run --adapter caddyfile --config scripts/lan.Caddyfile &
children+=($!)

# Caddy makes its CA on first start; the join page carries its root certificate.
for _ in $(seq 1 300); do
  [ -s "$ROOT_CERT" ] && break
  kill -0 "${children[1]}" 2>/dev/null || { echo "Caddy did not start; see its messages above." >&2; exit 1; }
  sleep 0.1
done
[ -s "$ROOT_CERT" ] || { echo "Caddy made no certificate authority in 30 seconds." >&2; exit 1; }
"$BIN/python" -m outreach.lan --out "$LAN_STATE/join" --ca "$ROOT_CERT" --app-url "$APP_URL" --join-url "$JOIN_URL"
# When either server stops, stop the other (a loop, not `wait -n`: macOS still ships bash 3.2).
while kill -0 "${children[0]}" 2>/dev/null && kill -0 "${children[1]}" 2>/dev/null; do sleep 1; done
echo "A server stopped; stopping the other." >&2
exit 1
