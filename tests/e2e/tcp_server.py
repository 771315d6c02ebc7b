"""What the tests' own bare-socket servers share: a listener on a free
127.0.0.1 port, announced as the demo server announces it, and a thread
per connection, until killed."""

import socket
import threading


def serve_connections(handle):
    """Calls `handle(sock)` on a thread of its own for each connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print("listening on 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=handle, args=(sock,), daemon=True).start()
