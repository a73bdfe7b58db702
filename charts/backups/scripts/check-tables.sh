# Weekly restore test, check: every table of NON_EMPTY_TABLES (validated names, safe in SQL) holds
# rows in the restored database. Reports every failing table, then fails.
set -uo pipefail

failed=0
for table in ${NON_EMPTY_TABLES}; do
  if ! has_rows="$(psql --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command "SELECT EXISTS (SELECT 1 FROM ${table})")"; then
    echo "restore test FAILED: table ${table} cannot be read in the restored database" >&2
    failed=1
  elif [ "${has_rows}" != t ]; then
    echo "restore test FAILED: table ${table} is empty in the restored database" >&2
    failed=1
  else
    echo "table ${table} has rows"
  fi
done
exit "${failed}"
