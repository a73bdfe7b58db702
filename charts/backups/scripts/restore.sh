# Weekly restore test (CronJob db-restore-test), first step, in the backup tools image: find the latest
# complete dump, check that the dumps are fresh and expire, then download, decrypt and restore it into
# the pod's own throw-away server (PG* variables point at it). Any failure ends the Job failed.
set -euo pipefail

fail() {
  echo "restore test FAILED: $*" >&2
  exit 1
}
store() { aws --endpoint-url "${OBJECT_STORE_ENDPOINT}" "$@"; }
seconds_since() { echo $(( $(date -u +%s) - $(date -u -d "$1" +%s) )); }

# "<key>\t<last modified>" per object under the prefix ("None" when there is none).
listing="$(store s3api list-objects-v2 --bucket "${BACKUP_BUCKET}" --prefix "${BACKUP_PREFIX}/" --query 'Contents[].[Key, LastModified]' --output text)"
objects="$(printf '%s\n' "${listing}" | awk -F '\t' 'NF == 2')"

# Dump names hold their UTC start time, so the last complete one by name is the latest.
latest="$(printf '%s\n' "${objects}" | awk -F '\t' '$1 ~ /\.pgdump\.age\.complete$/' | sort | tail -n 1)"
[ -n "${latest}" ] || fail "no complete dump under s3://${BACKUP_BUCKET}/${BACKUP_PREFIX}/: the nightly backup (CronJob db-backup) has not succeeded yet"
marker="$(printf '%s' "${latest}" | cut -f 1)"
finished="$(printf '%s' "${latest}" | cut -f 2)"
dump="${marker%.complete}"

age_hours=$(( $(seconds_since "${finished}") / 3600 ))
(( age_hours <= MAX_DUMP_AGE_HOURS )) || fail "the latest complete dump, ${dump}, finished ${age_hours} hours ago (more than ${MAX_DUMP_AGE_HOURS}): the nightly backup (CronJob db-backup) has stopped"

oldest="$(printf '%s\n' "${objects}" | sort -t "$(printf '\t')" -k 2,2 | head -n 1)"
oldest_days=$(( $(seconds_since "$(printf '%s' "${oldest}" | cut -f 2)") / 86400 ))
(( oldest_days <= RETENTION_DAYS + LIFECYCLE_SLACK_DAYS )) || fail "$(printf '%s' "${oldest}" | cut -f 1) is ${oldest_days} days old, beyond the ${RETENTION_DAYS}-day retention: the bucket's lifecycle rule is missing or keeps dumps longer (docs/features/backups.md)"

echo "restoring ${dump} (finished ${finished}) into ${PGDATABASE}"
store s3 cp --only-show-errors "s3://${BACKUP_BUCKET}/${dump}" - \
  | age --decrypt --identity "${AGE_IDENTITY_FILE}" \
  | pg_restore --exit-on-error --no-owner --no-privileges --dbname "${PGDATABASE}"
echo "restored ${dump}"
