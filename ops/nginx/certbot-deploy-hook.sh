#!/bin/sh
# certbot --deploy-hook: runs after every successful issue or renewal of one
# certificate (certbot sets RENEWED_LINEAGE=/etc/letsencrypt/live/<name>).
# Installed as /etc/letsencrypt/renewal-hooks/deploy/yass-nginx.sh, so the
# renewals made by certbot's systemd timer run it too.
#
# Why the permissions: yass.conf names certificates with a variable
# ($ssl_server_name), so nginx loads them at handshake time in its worker
# processes (user www-data), not once in the root master. certbot keeps keys
# root-only; the workers must be able to read them.
set -eu
group="${YASS_TLS_GROUP:-www-data}"
lineage="${RENEWED_LINEAGE:?certbot sets RENEWED_LINEAGE}"
archive="$(dirname "$(readlink -f "$lineage/privkey.pem")")"

for dir in "$lineage/.." "$archive/.." "$lineage" "$archive"; do
  chgrp "$group" "$dir"
  chmod 0750 "$dir"
done
chgrp "$group" "$archive"/privkey*.pem
chmod 0640 "$archive"/privkey*.pem

# Certificates are read per handshake, so this reload is not what makes a
# renewed certificate live; it only clears nginx's TLS session cache.
${NGINX_RELOAD:-systemctl reload nginx}
