"""The soak's load: a process of its own (`python -m bench.soak.drive CONFIG RESULT`), one event
loop, `clients` clients each running the weighted mix (bench/soak/mix.py) from `begin_at` to
`stop_at` (monotonic clock, shared with the process that started it); a client in a round of
writes finishes it. It writes what it recorded, its acknowledged writes and its own CPU time to
RESULT as JSON."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.chaos.client import Client, Refused, Tally, Write
from bench.chaos.workload import Company, Journey, load_company
from bench.soak.client import Recorder, SoakClient
from bench.soak.mix import Data, read_body

#: How long after `stop_at` a write may still be sent again before the driver gives up on it.
GRACE_SECONDS = 60.0


def write_to_json(write: Write) -> dict[str, Any]:
    return {**asdict(write), "sent_at": write.sent_at.isoformat()}


def write_from_json(value: dict[str, Any]) -> Write:
    return Write(**{**value, "sent_at": datetime.fromisoformat(value["sent_at"])})


async def _client(
    number: int,
    client: SoakClient,
    journey: Journey,
    config: dict[str, Any],
    data: Data,
) -> None:
    rng = random.Random(config["seed"] * 7919 + number)
    actions = list(config["weights"])
    weights = [config["weights"][action] for action in actions]
    sales = {"Authorization": f"Bearer {config['sales_token']}"}
    while time.monotonic() < config["stop_at"]:
        action = rng.choices(actions, weights)[0]
        if action != "writes":
            body = read_body(action, data, rng)
            await client.query(action, body, sales if action == "my_day" else None)
            continue
        journey.rounds += 1
        try:
            await journey.round(f"{config['run']} c{number} r{journey.rounds}")
        except Refused:
            journey.aborted += 1  # counted by the client; the rest of the round needed it


async def drive(config: dict[str, Any]) -> dict[str, Any]:
    data = Data(**config["data"])
    tally = Tally()
    give_up_at = config["stop_at"] + GRACE_SECONDS
    setup = Client(config["url"], config["token"], tally, timeout=30, give_up_at=give_up_at)
    try:
        company: Company = await load_company(setup)
    finally:
        await setup.close()
    await asyncio.sleep(max(0.0, config["begin_at"] - time.monotonic()))
    recorder = Recorder(config["begin_at"], config["warm_until"])
    clients = [
        SoakClient(
            config["url"],
            config["token"],
            tally,
            recorder,
            timeout=config["timeout"],
            give_up_at=give_up_at,
        )
        for _ in range(config["clients"])
    ]
    first = config["first_client"]
    journeys = [
        Journey(client, company, config["run"], first + n, config["seed"] * 1000 + first + n)
        for n, client in enumerate(clients)
    ]
    cpu = time.process_time()
    began = time.monotonic()
    try:
        outcomes = await asyncio.gather(
            *(
                _client(first + n, client, journey, config, data)
                for n, (client, journey) in enumerate(zip(clients, journeys, strict=True))
            ),
            return_exceptions=True,
        )
    finally:
        for client in clients:
            await client.close()
    seconds = time.monotonic() - began
    crashed = [repr(o) for o in outcomes if isinstance(o, BaseException)]
    return {
        **recorder.as_json(),
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "rounds": sum(j.rounds for j in journeys),
        "rounds_aborted": sum(j.aborted for j in journeys),
        "requests_sent_again": tally.retries,
        "transient_conflicts": tally.conflicts,
        "refused_by_code": dict(tally.refused),
        "internal_errors": tally.internal_errors[:10],
        "unanswered_requests": tally.unanswered,
        "client_crashes": crashed[:10],
        "acknowledged": [write_to_json(w) for w in tally.acknowledged],
    }


def main(argv: list[str]) -> int:
    config_path, result_path = (Path(arg) for arg in argv)
    config = json.loads(config_path.read_text())
    result = asyncio.run(drive(config))
    result_path.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
