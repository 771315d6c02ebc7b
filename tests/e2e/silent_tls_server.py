"""A server that closes a connection opened with a TLS hello without a
word, and answers one opened in plaintext with HTTP/2's SETTINGS frame,
as etcd's port that serves gRPC and HTTP alike does. Prints "listening on
127.0.0.1:PORT"; serves until killed."""

import socket
import threading

# An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
SETTINGS = bytes([0, 0, 0, 4, 0, 0, 0, 0, 0])


def serve(connection):
    with connection:
        first = connection.recv(1)
        if first == b"\x16":  # a TLS record: the handshake
            # The rest of the hello read, so that the close is a FIN, not
            # a reset for unread data.
            connection.settimeout(0.2)
            try:
                connection.recv(65536)
            except socket.timeout:
                pass
            return
        connection.sendall(SETTINGS)
        while connection.recv(4096):
            pass


def main():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print("listening on 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


if __name__ == "__main__":
    main()
