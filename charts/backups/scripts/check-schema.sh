# Weekly restore test, check, in the deployed moderation-api image (POSIX sh): the restored schema is
# at the Alembic head of the code that runs in production. The app's Alembic environment reads the
# connection from POSTGRES_*; the local server trusts loopback connections, so no password is checked.
set -eu
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-unused}"

fail() {
  echo "restore test FAILED: $*" >&2
  exit 1
}

heads="$(alembic heads)"
head="$(printf '%s\n' "${heads}" | awk 'NF { print $1 }')"
count="$(printf '%s\n' "${head}" | grep -c .)" || true
[ "${count}" -eq 1 ] || fail "the deployed moderation-api image has ${count} Alembic heads, expected 1: ${heads}"

current="$(alembic current)"
restored="$(printf '%s\n' "${current}" | awk 'NF { print $1; exit }')"
[ "${restored}" = "${head}" ] || fail "the restored schema is at Alembic revision '${restored:-none}', the deployed moderation-api image's head is '${head}'"
echo "the restored schema is at the deployed Alembic head ${head}"
