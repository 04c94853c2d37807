"""Rasa's lock store for several Rasa processes: Rasa 3.6's RedisLockStore, with every change to a
conversation's lock made in one Redis transaction. Named in the endpoints file the launcher writes.

Rasa 3.6's RedisLockStore reads a lock, changes it in Python and writes it back. Two processes that
take a ticket for the same conversation at the same moment both read "no lock", both write a lock
holding ticket 0, and both handle their message at once: one turn is lost from the tracker and an
action's record is saved twice (tests/test_scale_out.py shows it). A process finishing its turn can
likewise delete a ticket another process has just taken. (Rasa fixed this in a ConcurrentRedisLockStore
that is not in Rasa Open Source 3.6.) Here each read-change-write runs under WATCH and is retried when
another process changed the lock in between, so tickets are handed out and returned one at a time.
The lock's format in Redis is Rasa's own.
"""
from __future__ import annotations

import json
import logging
from typing import Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# Given the lock as stored (None when there is none): the lock to store (None deletes it) and a result.
LockChange = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Result]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        """Rasa builds a lock store it finds by module path from its endpoints entry; the entry's keys
        are RedisLockStore's (url is the host, port, db, username, password, use_ssl, key_prefix)."""
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change_lock(self, conversation_id: Text, change: LockChange) -> Result:
        key = self.key_prefix + conversation_id

        def attempt(pipe) -> Result:
            stored = pipe.get(key)  # read at once: WATCH has put the pipeline in immediate mode
            lock = TicketLock.from_dict(json.loads(stored)) if stored else None
            changed, result = change(lock)
            pipe.multi()
            if changed is None:
                pipe.delete(key)
            else:
                pipe.set(key, changed.dumps())
            return result

        # Runs `attempt` again whenever another process wrote the key between our read and our write.
        return self.red.transaction(attempt, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take_ticket(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change_lock(conversation_id, take_ticket)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change_lock(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def return_ticket(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change_lock(conversation_id, return_ticket)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Returns the ticket and deletes the lock when no one else holds one, in one step: a ticket
        another process takes meanwhile is never deleted with it."""
        def return_ticket(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change_lock(conversation_id, return_ticket)
