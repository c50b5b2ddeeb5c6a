"""The interactions being handled right now, so that shutting down can let them answer first.

An interaction enters when it is admitted (`BotTree.interaction_check`, which the buttons share)
and leaves when the task handling it ends, however it ends: answered, failed, or refused with a
notice. The task is what is tracked because discord.py has no public hook for "this interaction's
handler is done": the tree's `on_error` misses successes and autocomplete, the
`app_command_completion` event misses failures and runs later in a task of its own, and dynamic
items swallow their callbacks' errors. What discord.py does guarantee by construction is that each
interaction runs in a task of its own (the tree's invoker, a view's dispatch, a dynamic item's call)
and that the checks run in that task, just before the handler: so the task's end is the handler's.
"""

from __future__ import annotations

import asyncio
from typing import Any


class InFlight:
    """The tasks handling admitted interactions; each is forgotten when it ends."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def enter(self) -> None:
        """Track the running task until it ends. Call it from a check of the interaction it handles;
        a second call in the same task (a view's check after an item's) changes nothing."""
        task = asyncio.current_task()
        if task is None or task in self._tasks:
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float) -> int:
        """Wait up to `timeout` seconds for the interactions in flight to finish; return how many
        are still running. Interactions arriving meanwhile are not waited for: under steady traffic
        the wait would otherwise always last the whole timeout."""
        # Interactions already dispatched whose tasks have not run yet enter at their first step,
        # which comes before this task resumes: count them in.
        await asyncio.sleep(0)
        current = asyncio.current_task()
        pending = {task for task in self._tasks if task is not current}
        if not pending:
            return 0
        _, left = await asyncio.wait(pending, timeout=timeout)
        return len(left)
