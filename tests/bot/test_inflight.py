"""Interactions in flight (bot/inflight.py): shutting down waits for them, up to a timeout."""

import asyncio
import datetime as dt

from bot.inflight import InFlight
from bot.load import CLOSING
from tests.bot.conftest import make_interaction


async def handler(in_flight: InFlight, release: asyncio.Event, finished: list[str], name: str = "handler") -> None:
    in_flight.enter()
    await release.wait()
    finished.append(name)


async def test_drain_waits_for_a_handler_in_flight_and_returns_once_it_ends():
    in_flight, release, finished = InFlight(), asyncio.Event(), []
    task = asyncio.create_task(handler(in_flight, release, finished))
    await asyncio.sleep(0)
    assert len(in_flight) == 1
    asyncio.get_running_loop().call_later(0.05, release.set)
    left = await asyncio.wait_for(in_flight.drain(timeout=5.0), 2.0)  # returns at the end, not the timeout
    assert left == 0 and finished == ["handler"] and task.done()
    assert len(in_flight) == 0


async def test_drain_returns_after_the_timeout_with_the_count_still_running():
    in_flight, release, finished = InFlight(), asyncio.Event(), []
    tasks = [asyncio.create_task(handler(in_flight, release, finished, f"h{i}")) for i in range(2)]
    loop = asyncio.get_running_loop()
    began = loop.time()
    left = await in_flight.drain(timeout=0.1)
    assert left == 2 and finished == []
    assert 0.09 <= loop.time() - began < 1.0
    release.set()
    await asyncio.gather(*tasks)
    assert len(in_flight) == 0


async def test_a_handler_that_fails_leaves_as_one_that_answers():
    in_flight = InFlight()

    async def failing() -> None:
        in_flight.enter()
        await asyncio.sleep(0.01)
        raise RuntimeError("the handler broke")

    task = asyncio.create_task(failing())
    assert await in_flight.drain(timeout=5.0) == 0
    assert isinstance(task.exception(), RuntimeError) and len(in_flight) == 0


async def test_drain_counts_in_an_interaction_dispatched_but_not_started_yet():
    in_flight, release, finished = InFlight(), asyncio.Event(), []
    asyncio.create_task(handler(in_flight, release, finished))  # has not run its first step yet
    assert len(in_flight) == 0
    asyncio.get_running_loop().call_later(0.05, release.set)
    assert await in_flight.drain(timeout=5.0) == 0
    assert finished == ["handler"]


async def test_entering_twice_from_one_handler_counts_it_once():
    in_flight = InFlight()

    async def checked_twice() -> None:
        in_flight.enter()  # an item's check, then its view's
        in_flight.enter()
        assert len(in_flight) == 1

    await asyncio.create_task(checked_twice())
    await asyncio.sleep(0)  # the done callback runs after the task ends
    assert len(in_flight) == 0


async def test_closing_the_bot_answers_the_interaction_in_flight_first_and_refuses_new_ones(bot):
    first, second = make_interaction(user_id=1), make_interaction(user_id=2)
    first.created_at = second.created_at = dt.datetime.now(dt.UTC)
    release, events = asyncio.Event(), []

    async def command() -> None:
        assert await bot.tree.interaction_check(first)  # admitted, so in flight until it ends
        await release.wait()
        events.append("answered while open" if not bot.is_closed() else "answered after close")

    async def arriving_during_shutdown() -> None:
        await asyncio.sleep(0.02)
        events.append("refused" if not await bot.tree.interaction_check(second) else "admitted")
        release.set()

    async with bot:
        task = asyncio.create_task(command())
        await asyncio.sleep(0)
        asyncio.create_task(arriving_during_shutdown())
        await bot.close()
        events.append("closed")
    assert events == ["refused", "answered while open", "closed"] and task.done()
    assert CLOSING in second.response.send_message.await_args.args[0]
