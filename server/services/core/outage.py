"""When the database cannot answer (issue 20): unreachable (PostgreSQL stopped, restarting, a
connection cut) or busy (SQLite's writer lock held past the busy timeout).

Neither is the client's fault nor a bug: the request failed before anything was committed (or,
for a commit whose acknowledgement was lost, an idempotency key makes the repeat safe), and the
same request will succeed once the database answers again. The HTTP endpoint and the error
policy answer both with 503, `Retry-After` and the code DATABASE_UNAVAILABLE instead of a
masked internal error, and log one line instead of a trace.

Told apart by what the drivers raise, through the chain of causes (Tortoise wraps them):
connection errors of the socket, PostgreSQL's SQLSTATE class 08 (connection exception) and
57P01-57P03 (the server shutting down, crashed, or not accepting connections yet), and
SQLite's SQLITE_BUSY and SQLITE_LOCKED result codes.
"""

from __future__ import annotations

import errno
import socket

#: PostgreSQL SQLSTATEs of a server going away or not there yet (class 57, operator
#: intervention): admin_shutdown, crash_shutdown, cannot_connect_now.
_SHUTDOWN_STATES = frozenset({"57P01", "57P02", "57P03"})

#: SQLite primary result codes of a database held by another connection.
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

#: Socket errors of a peer that is not there (more than ConnectionError's refused and reset).
_NETWORK_ERRNOS = frozenset(
    {errno.ECONNREFUSED, errno.ECONNRESET, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EPIPE}
)

#: Seconds a client should wait before sending the request again.
RETRY_AFTER = 1

UNREACHABLE = (
    "The database cannot be reached right now; nothing was changed. Send the request again "
    f"in {RETRY_AFTER} s (with the same idempotency key for a change)."
)
BUSY = (
    "The database is busy with other changes; nothing was changed. Send the request again "
    f"in {RETRY_AFTER} s (with the same idempotency key for a change)."
)


def database_unavailable(error: BaseException) -> str | None:
    """Why the database could not answer, as a message for the client, when `error` (or what
    it wraps) says it could not; None for any other error."""
    seen: BaseException | None = error
    for _ in range(6):
        if seen is None:
            return None
        state = getattr(seen, "sqlstate", None)
        if isinstance(state, str) and (state.startswith("08") or state in _SHUTDOWN_STATES):
            return UNREACHABLE
        if isinstance(seen, ConnectionError | socket.gaierror) or (
            isinstance(seen, OSError) and seen.errno in _NETWORK_ERRNOS
        ):
            return UNREACHABLE
        code = getattr(seen, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return BUSY
        seen = seen.__cause__ or seen.__context__
    return None
