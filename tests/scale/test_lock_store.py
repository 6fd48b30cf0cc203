"""The Redis lock store under real concurrency: several processes issue tickets for one conversation at once.

Rasa's own RedisLockStore reads, changes and writes the lock without a transaction, so two processes can
both get the same ticket and process two messages of one conversation at once; bot/lock_store.py makes
each step atomic. Run against the scale stack's Redis."""

from __future__ import annotations

import multiprocessing
import uuid
from typing import List

from bot.lock_store import redis_lock_store
from bot.stack import Stack

PROCESSES, TICKETS = 4, 40


def issue(url: str, conversation: str, start: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    store = redis_lock_store(url)
    start.wait(10)
    out.put([store.issue_ticket(conversation, 120) for _ in range(TICKETS)])


def test_tickets_issued_by_several_processes_at_once_are_all_different(stack: Stack) -> None:
    conversation = f"lock-{uuid.uuid4().hex[:8]}"
    context = multiprocessing.get_context("fork")
    start, out = context.Event(), context.Queue()
    workers = [
        context.Process(target=issue, args=(stack.redis.url, conversation, start, out)) for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    start.set()
    tickets: List[int] = []
    for _ in workers:
        tickets += out.get(timeout=60)
    for worker in workers:
        worker.join(timeout=30)
    assert len(tickets) == PROCESSES * TICKETS
    assert len(set(tickets)) == len(tickets), "two messages got the same ticket"
    store = redis_lock_store(stack.redis.url)
    lock = store.get_lock(conversation)
    assert lock is not None and len(lock.tickets) == len(tickets), "a ticket was lost between read and write"
    for ticket in tickets:
        store.cleanup(conversation, ticket)
    assert store.get_lock(conversation) is None
