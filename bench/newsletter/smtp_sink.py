"""A local SMTP server that keeps what it receives (aiosmtpd): for the worker integration test
and the sending benchmark, never for production."""

import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


class CollectingHandler:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def recipients(self):
        with self.lock:
            return [rcpt for rcpts, _message in self.messages for rcpt in rcpts]


def start_sink(port=0):
    """Start the sink on a free port; returns (controller, handler). Call controller.stop()."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, handler


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
