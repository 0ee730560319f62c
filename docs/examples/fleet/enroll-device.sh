#!/usr/bin/env bash
# Adds a device (or the controller) to the broker's password and ACL files (docs/fleet.md).
#   enroll-device.sh GROUP DEVICE-ID [PASSWD-FILE] [ACL-FILE]   # prompts for the device's password
#   enroll-device.sh --controller [PASSWD-FILE]                   # the controller's password
# Then reload the broker: systemctl reload mosquitto (or kill -HUP its pid).
set -euo pipefail
if [[ "${1:-}" == --controller ]]; then
  PASSWD="${2:-/etc/mosquitto/insitu.passwd}"
  [[ -f "$PASSWD" ]] || install -m 600 -o mosquitto /dev/null "$PASSWD" 2>/dev/null || touch "$PASSWD"
  mosquitto_passwd "$PASSWD" controller
  exit 0
fi
GROUP="${1:?group}" DEVICE="${2:?device id}"
PASSWD="${3:-/etc/mosquitto/insitu.passwd}" ACL="${4:-/etc/mosquitto/insitu.acl}"
for name in "$GROUP" "$DEVICE"; do
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ ]] || { echo "enroll: '$name' is not a valid group or device name" >&2; exit 2; }
done
[[ -f "$PASSWD" ]] || touch "$PASSWD"
# mosquitto_passwd stores a salted PBKDF2-SHA512 hash, never the password.
mosquitto_passwd "$PASSWD" "$DEVICE"
if ! grep -qx "user $DEVICE" "$ACL" 2>/dev/null; then
  printf '\nuser %s\ntopic read insitu/%s/deploy/#\ntopic read insitu/%s/round\n' "$DEVICE" "$GROUP" "$GROUP" >> "$ACL"
fi
echo "enrolled $DEVICE in group $GROUP; on the device: insitu serve --fleet mqtt://BROKER:1883 --group $GROUP --device $DEVICE --username $DEVICE --password-file FILE --port 8080 ..."
