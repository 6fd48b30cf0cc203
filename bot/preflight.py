"""``python -m bot.preflight``: check the configured stores before a Rasa server is started.

Start scripts (bot/servers.sh) run it so that a missing database or Redis is reported in one German
sentence naming the setting, instead of a Rasa server that retries forever or fails at the first message.
Exit code 0: everything reachable; 1: the first problem is printed to stderr.
"""

from __future__ import annotations

import sys

from bot.store_checks import (
    SEVERAL_WORKERS_NEED_REDIS,
    StoreUnavailable,
    check_database,
    check_redis,
    lock_store_url,
    sanic_workers,
    tracker_db_url,
)


def main() -> int:
    try:
        check_database(tracker_db_url())
        if lock_store_url():
            check_redis(lock_store_url())
        elif sanic_workers() > 1:
            raise StoreUnavailable(SEVERAL_WORKERS_NEED_REDIS)
    except StoreUnavailable as problem:
        print(f"Start abgebrochen: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
