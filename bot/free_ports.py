"""Free local ports for servers started side by side (tests, `make bench`, scripts)."""
from __future__ import annotations

import socket
from typing import List


def free_port_blocks(*block_sizes: int) -> List[int]:
    """The first port of each block of consecutive free ports, no two blocks sharing a port.

    Every probed port stays bound until all blocks are chosen: asking for one free port per server,
    one after the other, lets the kernel hand a just-released port to two servers (CI once saw a
    second Rasa process collide with another server that way).
    """
    held: List[socket.socket] = []
    firsts: List[int] = []
    try:
        for size in block_sizes:
            for _ in range(200):
                block = [socket.socket()]
                block[0].bind(("127.0.0.1", 0))
                first = block[0].getsockname()[1]
                try:
                    if first + size > 65535:
                        raise OSError("block runs past the last port")
                    for port in range(first + 1, first + size):
                        probe = socket.socket()
                        block.append(probe)
                        probe.bind(("127.0.0.1", port))
                except OSError:
                    for probe in block:
                        probe.close()
                    continue
                held.extend(block)
                firsts.append(first)
                break
            else:
                raise RuntimeError(f"found no {size} free ports in a row")
        return firsts
    finally:
        for probe in held:
            probe.close()


def free_port() -> int:
    return free_port_blocks(1)[0]
