"""The HOLD model on SimPy 3, for the side-by-side scheduler benchmark (see ../README.md).

Usage: /usr/bin/python3 hold_simpy.py DELAYS_FILE POPULATION EVENTS WARMUP_EVENTS ROUNDS

DELAYS_FILE holds POPULATION + max(EVENTS, WARMUP_EVENTS) float64 delays in ticks, in the machine's byte order, written
by simpy.ts: the same sequence the TypeScript implementations replay. Prints one JSON object:
{"version": ..., "runs": [{"events": ..., "seconds": ..., "finalTicks": ...}, ...]}.
"""

import array
import json
import sys
import time

import simpy


def hold(delays, population, events):
    """Runs POPULATION processes that each wait a delay and wait again, for EVENTS waits."""
    env = simpy.Environment()
    done = env.event()
    timeout = env.timeout
    position = 0
    remaining = events

    def holder():
        nonlocal position, remaining
        while True:
            delay = delays[position]
            position += 1
            yield timeout(delay)
            remaining -= 1
            if remaining == 0:
                done.succeed()

    for _ in range(population):
        env.process(holder())
    # Each process starts with an Initialize event at time 0; stepping through them here schedules
    # the first POPULATION waits (delays 0 .. POPULATION-1, in order) outside the timed region,
    # like the TypeScript implementations.
    for _ in range(population):
        env.step()
    start = time.perf_counter()
    env.run(until=done)
    seconds = time.perf_counter() - start
    return {"events": events - remaining, "seconds": seconds, "finalTicks": env.now}


def main():
    path, population, events, warmup_events, rounds = sys.argv[1:6]
    population, events, warmup_events, rounds = (
        int(population), int(events), int(warmup_events), int(rounds)
    )
    with open(path, "rb") as file:
        packed = array.array("d")
        packed.frombytes(file.read())
    # A list hands out the same float objects on every read; an array would box a new one each
    # time. SimPy gets the faster of the two.
    delays = packed.tolist()
    hold(delays, population, warmup_events)
    runs = [hold(delays, population, events) for _ in range(rounds)]
    print(json.dumps({"version": simpy.__version__, "runs": runs}))


if __name__ == "__main__":
    main()
