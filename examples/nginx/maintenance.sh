#!/bin/sh
# maintenance.sh on|off <nginx dir>: runbook 000 step 1, option 2 — the maintenance page.
# <nginx dir>/enabled/site.conf is a symbolic link to ../sites/live.conf (the service) or to
# ../sites/maintenance.conf (503 for every request); it is switched atomically (a new link
# renamed over the old one), checked with nginx -t and taken live with nginx -s reload. The nginx
# is the one whose prefix, error log and configuration lie in <nginx dir> (never the system's
# default instance); with the link unchanged, nothing is reloaded. Rewind's catalog runs it as
# maintenance.on / maintenance.off (see rewind-nginx.yml next to this file).
set -eu
mode=$1
dir=$2
case $mode in
  on) site=maintenance.conf ;;
  off) site=live.conf ;;
  *) echo "usage: maintenance.sh on|off <nginx dir>" >&2; exit 2 ;;
esac
link="$dir/enabled/site.conf"
if [ "$(readlink "$link" 2>/dev/null || true)" = "../sites/$site" ]; then
  echo "maintenance already $mode"
  exit 0
fi
mkdir -p "$dir/enabled"
ln -sfn "../sites/$site" "$link.new"
mv -T "$link.new" "$link"
nginx=${NGINX:-/usr/sbin/nginx}
flags="-p $dir/ -e $dir/error.log -c $dir/nginx.conf"
# shellcheck disable=SC2086 # the flags are words by design
if ! "$nginx" -t -q $flags; then
  echo "nginx -t refused the configuration: maintenance stays as it was" >&2
  exit 1
fi
# shellcheck disable=SC2086
"$nginx" -s reload $flags
echo "maintenance $mode"
