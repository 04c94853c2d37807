import socket

from bot.free_ports import free_port_blocks


def test_blocks_are_consecutive_disjoint_and_free():
    firsts = free_port_blocks(2, 2, 1, 3)
    blocks = [range(first, first + size) for first, size in zip(firsts, (2, 2, 1, 3))]
    ports = [port for block in blocks for port in block]
    assert len(ports) == len(set(ports)) == 8
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_a_port_in_use_is_never_chosen():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        taken = listening.getsockname()[1]
        for _ in range(50):
            first = free_port_blocks(3)[0]
            assert taken not in range(first, first + 3)
