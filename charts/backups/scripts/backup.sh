# Nightly logical backup (CronJob db-backup), in the backup tools image: pg_dump | age | object store,
# streamed, so the dump never touches the pod's disk. libpq reads the connection from PG* variables.
# A dump is complete only once its ".complete" marker exists: a failed run may leave a truncated
# object (the upload finishes when the stream ends), which has no marker and expires with the rest.
set -euo pipefail

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="s3://${BACKUP_BUCKET}/${BACKUP_PREFIX}/${PGDATABASE}-${stamp}.pgdump.age"

# The database's size on disk bounds the compressed stream: the upload sizes its parts for it.
size="$(psql --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command 'SELECT pg_database_size(current_database())')"
echo "dumping ${PGDATABASE} (${size} bytes on disk) to ${dump}"

pg_dump --format=custom --no-password --lock-wait-timeout="${DUMP_LOCK_WAIT_TIMEOUT}" \
  | age --encrypt --recipient "${AGE_RECIPIENT}" \
  | aws --endpoint-url "${OBJECT_STORE_ENDPOINT}" s3 cp --only-show-errors --expected-size "${size}" - "${dump}"

printf '%s\n' "${stamp}" | aws --endpoint-url "${OBJECT_STORE_ENDPOINT}" s3 cp --only-show-errors - "${dump}.complete"
echo "backup complete: ${dump}"
