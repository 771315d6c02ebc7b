"""A gRPC server on bare HTTP/2 (python3-h2) that answers wrongly on
purpose, so that the tests can see how a client takes the faults a real
server, proxy or network may hand it. It serves any path. Each call picks
its fault with the request header `x-misbehave: MODE`; without the header a
call gets a correct answer: its request echoed (the request's messages, their
payloads joined into one message; requests are taken as uncompressed), then
grpc-status 0. Where a mode below says "the echo", it means that message.

The modes (the server does not know a method's kind, so a server streaming
call gets exactly what a unary one gets):
    truncated               a message whose prefix announces 10 bytes more
                            than the DATA carries, then grpc-status 0
    zero-messages           headers, no message, grpc-status 0
    two-messages            the echo twice, grpc-status 0
    status:N                the echo, then grpc-status N sent as it is
                            written (status:192, status:-1, status:abc),
                            grpc-message "odd status"
    bad-details             no message, grpc-status 3 "bad details", and a
                            grpc-status-details-bin that no parser can read
                            as a google.rpc.Status
    deep-any-details        no message, grpc-status 3, and one detail: a
                            google.protobuf.Any holding an Any, 20,000 deep
                            (about 700 KB), an Empty at the bottom
    details-mismatch        no message, grpc-status 3, and a valid
                            google.rpc.Status in grpc-status-details-bin whose
                            code is 5 (NOT_FOUND)
    trailers-only           one HEADERS frame that ends the stream: grpc-status
                            5 "not here"
    trailers-only-ok        the same with grpc-status 0: a unary call answered
                            with no message, and OK
    rst-after-message       the echo, then RST_STREAM INTERNAL_ERROR (2), no
                            trailers
    reset                   RST_STREAM INTERNAL_ERROR (2) and nothing else
    goaway                  the echo, then GOAWAY (NO_ERROR) and the socket
                            closed, no trailers; every other call on the same
                            connection goes down with it
    html                    :status 200, content-type text/html, an HTML body
    http-status:N           :status N, content-type text/plain, a short body
    huge-message            trailers-only, grpc-status 13 with a grpc-message
                            of 200,000 'x': far over the header list sizes
                            clients allow, sent all the same
    escape                  the echo, then grpc-status 2 with a grpc-message
                            that decodes to an ANSI colour sequence
                            ("%1B[31mred%1B[0m"); the response headers carry
                            `x-evil` whose value holds raw ESC bytes
    unknown-fields          the echo with field 9999 (a varint, 42) appended:
                            still a valid message of the echo's type, with a
                            field its schema does not know; grpc-status 0
    append:HEX              the echo with the bytes HEX (hex digits) appended,
                            grpc-status 0: fields of the test's choosing,
                            which a client's request could not carry
    stall-headers           no answer ever: the call stays open until the
                            client gives up
    stall-after-headers     response headers as soon as the request's headers
                            arrive (before the request ends), then nothing
    stall-after-message     headers and the echo, then nothing (no trailers)
    half-headers            a HEADERS frame without END_HEADERS, and no
                            CONTINUATION after it: headers never finished
    half-headers-close      the same, then the connection closed
    bad-frame-stall         headers, then a WINDOW_UPDATE of the wrong size
                            (a connection error), the connection left open
    connect-bad-frame-stall the same, headers as a Connect unary answer's
    bad-content-type        :status 200, content-type application/json, "{}"
    no-content-type         :status 200 with no content-type, the echo,
                            grpc-status 0
    compressed-unknown      grpc-encoding snappy (which the tests never offer)
                            and the echo flagged compressed, grpc-status 0
    compressed-no-encoding  the echo flagged compressed with no grpc-encoding,
                            grpc-status 0
    status-twice            the echo, then trailers with grpc-status 5 and
                            grpc-status 0
    details-not-base64      no message, grpc-status 5 "m", and a
                            grpc-status-details-bin that is not base64
    status-in-headers       headers with grpc-status 5, the echo, then
                            trailers with grpc-status 0
    trailers-compressed     gRPC-Web only: the echo, then a trailers frame
                            flagged compressed (0x81), with no grpc-encoding
    connect-bad-end         for a Connect stream: the echo, then an
                            end-of-stream message whose error code is a
                            number ({"error": {"code": 5}}), not a name
    connect-big-error       for Connect: :status 400 and a Connect error
                            (invalid_argument) whose message is 200,000 'x'
    connect-frames-apart    for Connect unary, well formed: headers, then a
                            demo.Sample of 60,000 bytes in DATA frames of
                            16 KiB, each sent 20 ms after the one before
    connect-bad-details     for Connect: :status 400 and a Connect error
                            (invalid_argument) whose details are a valid
                            one (google.rpc.ErrorInfo), one whose value is
                            not base64 and one that is not an object
    message-after-trailers  gRPC-Web only: the echo, the trailers frame
                            (grpc-status 0), then the echo again
    oversize-prefix         a prefix announcing 0xFFFFFFFF bytes, 3 bytes
                            after it, grpc-status 0
Any other mode is answered with grpc-status 12 (UNIMPLEMENTED) naming it, so
that a misspelt mode in a test is not mistaken for a fault under test.

A request whose content-type is application/grpc-web... (rpccli's
--protocol grpcweb over h2c) gets the same answers as gRPC-Web carries
them: trailers as a frame at the end of the body.

Every call is logged on stderr as soon as its headers arrive, before any
answer (`-` for a call with no x-misbehave):
    call /PATH mode=MODE
Usage: misbehaving_server.py"""

import base64
import collections
import json
import socket
import sys
import threading
import time
import zlib

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.exceptions
import hpack

from tcp_server import serve_connections

LOG_LOCK = threading.Lock()

# Modes whose answer depends on the request's headers alone: they are acted
# on as soon as those arrive, so that they stall even a call whose client
# never ends its request.
EARLY_MODES = {"stall-headers", "stall-after-headers"}

GRPC_HEADERS = [(":status", "200"), ("content-type", "application/grpc")]
OK = [("grpc-status", "0")]


def prefixed(payload, flag=0, length=None):
    """`payload` as one gRPC message: the compressed flag, then the length
    in 4 big-endian bytes, which `length` makes lie when given."""
    if length is None:
        length = len(payload)
    return bytes([flag]) + length.to_bytes(4, "big") + payload


def gzip(payload):
    compressor = zlib.compressobj(wbits=31)  # the gzip format
    return compressor.compress(payload) + compressor.flush()


def varint(number):
    out = bytearray()
    while number > 0x7F:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)


def rpc_status(code, message):
    """A google.rpc.Status, encoded by hand so as to need no protobuf
    library: field 1 the code (a varint), field 2 the message (a string)."""
    text = message.encode()
    return b"\x08" + varint(code) + b"\x12" + varint(len(text)) + text


def details_header(data):
    # gRPC asks senders for base64 without padding; receivers take both.
    return ("grpc-status-details-bin",
            base64.b64encode(data).decode().rstrip("="))


def echo_of(body):
    """The payloads of the request's messages, joined. A message cut short
    by the end of the body is taken as far as it goes."""
    payloads = []
    while len(body) >= 5:
        length = int.from_bytes(body[1:5], "big")
        payloads.append(body[5:5 + length])
        body = body[5 + length:]
    return b"".join(payloads)


# What a call is answered with: a list of steps, each one of
#   ("headers", HEADERS, END_STREAM), ("data", BYTES, END_STREAM),
#   ("reset", ERROR_CODE), ("goaway",), ("close",),
#   ("frame", TYPE, FLAGS, PAYLOAD): sent as it is, after h2's frames,
#   ("pause", SECONDS): what came before sent, then a wait,
# sent in order on the call's stream.

def headers(fields, end_stream=False):
    return ("headers", fields, end_stream)


def data(payload, end_stream=False):
    return ("data", payload, end_stream)


def trailers(fields):
    return headers(fields, end_stream=True)


def early_answer(mode):
    if mode == "stall-after-headers":
        return [headers(GRPC_HEADERS)]
    return []  # stall-headers


def answer(mode, echo):
    message = prefixed(echo)
    if mode is None or mode == "trailers-compressed":  # (its flag: below)
        return [headers(GRPC_HEADERS), data(message), trailers(OK)]
    if mode.startswith("status:"):
        return [headers(GRPC_HEADERS), data(message),
                trailers([("grpc-status", mode[len("status:"):]),
                          ("grpc-message", "odd status")])]
    if mode.startswith("append:"):
        return [headers(GRPC_HEADERS),
                data(prefixed(echo + bytes.fromhex(mode[len("append:"):]))),
                trailers(OK)]
    if mode.startswith("http-status:"):
        code = mode[len("http-status:"):]
        return [headers([(":status", code), ("content-type", "text/plain")]),
                data(b"misbehaving_server: http status %s\n" % code.encode(),
                     end_stream=True)]
    if mode == "truncated":
        return [headers(GRPC_HEADERS),
                data(prefixed(echo, length=len(echo) + 10)), trailers(OK)]
    if mode == "zero-messages":
        return [headers(GRPC_HEADERS), trailers(OK)]
    if mode == "two-messages":
        return [headers(GRPC_HEADERS), data(message), data(message),
                trailers(OK)]
    if mode == "bad-details":
        # 0xff starts a field numbered past protobuf's limit, with a varint
        # tag that never ends: no parser can read it as a message.
        return [headers(GRPC_HEADERS),
                trailers([("grpc-status", "3"),
                          ("grpc-message", "bad details"),
                          details_header(b"\xff\xff\xff")])]
    if mode == "deep-any-details":
        def field(number, payload):
            return varint(number << 3 | 2) + varint(len(payload)) + payload
        any_url = b"type.googleapis.com/google.protobuf.Any"
        nested = field(1, b"type.googleapis.com/google.protobuf.Empty")
        for _ in range(20000):
            nested = field(1, any_url) + field(2, nested)
        status = rpc_status(3, "deep details") + field(3, nested)
        return [headers(GRPC_HEADERS),
                trailers([("grpc-status", "3"),
                          ("grpc-message", "deep details"),
                          details_header(status)])]
    if mode == "details-mismatch":
        return [headers(GRPC_HEADERS),
                trailers([("grpc-status", "3"),
                          ("grpc-message", "status says INVALID_ARGUMENT"),
                          details_header(rpc_status(
                              5, "details say NOT_FOUND"))])]
    if mode == "trailers-only":
        return [trailers(GRPC_HEADERS + [("grpc-status", "5"),
                                         ("grpc-message", "not here")])]
    if mode == "trailers-only-ok":
        return [trailers(GRPC_HEADERS + OK)]
    if mode == "rst-after-message":
        return [headers(GRPC_HEADERS), data(message),
                ("reset", h2.errors.ErrorCodes.INTERNAL_ERROR)]
    if mode == "reset":
        return [("reset", h2.errors.ErrorCodes.INTERNAL_ERROR)]
    if mode == "goaway":
        return [headers(GRPC_HEADERS), data(message), ("goaway",)]
    if mode == "html":
        return [headers([(":status", "200"), ("content-type", "text/html")]),
                data(b"<html>oops</html>", end_stream=True)]
    if mode == "huge-header":
        return [headers(GRPC_HEADERS + [("x-big", "x" * 200000)]),
                data(message), trailers(OK)]
    if mode == "huge-message":
        return [trailers(GRPC_HEADERS + [("grpc-status", "13"),
                                         ("grpc-message", "x" * 200000)])]
    if mode == "escape":
        # The grpc-message is percent-encoded as gRPC requires, so it is
        # plain ASCII on the wire and turns into ESC only once decoded;
        # x-evil carries the raw ESC bytes themselves.
        return [headers(GRPC_HEADERS + [("x-evil",
                                         "\x1b[31mevil\x1b[0m")]),
                data(message),
                trailers([("grpc-status", "2"),
                          ("grpc-message", "%1B[31mred%1B[0m")])]
    if mode == "unknown-fields":
        # Messages concatenated merge, so the echo plus one more field is
        # still a valid message of the echo's type.
        extra = varint(9999 << 3) + varint(42)
        return [headers(GRPC_HEADERS), data(prefixed(echo + extra)),
                trailers(OK)]
    if mode in ("half-headers", "half-headers-close"):
        # HEADERS without END_HEADERS. Its own HPACK encoder: the client
        # never decodes the block, so the connection's tables stay as
        # they were.
        steps = [("frame", 0x1, 0x0, LiteralEncoder().encode(GRPC_HEADERS))]
        return steps + ([("close",)] if mode.endswith("close") else [])
    if mode in ("bad-frame-stall", "connect-bad-frame-stall"):
        # A WINDOW_UPDATE 3 bytes long (it is 4): a connection error.
        first = (headers([(":status", "200"), ("content-type",
                                               "application/proto")])
                 if mode.startswith("connect") else headers(GRPC_HEADERS))
        return [first, ("frame", 0x8, 0x0, b"\x00\x00\x01")]
    if mode == "connect-bad-end":
        return [headers([(":status", "200"),
                         ("content-type", "application/connect+proto")]),
                data(message),
                data(prefixed(b'{"error": {"code": 5}}', flag=0x02),
                     end_stream=True)]
    if mode == "connect-frames-apart":
        # Each frame in a read of its own: libcurl 7.88 parked what did not
        # fit its 16 KiB buffer, and never came back for it.
        text = 60000
        sample = b"\x0a" + varint(text) + b"y" * text
        steps = [headers([(":status", "200"),
                          ("content-type", "application/proto")]),
                 ("pause", 0.02)]
        for start in range(0, len(sample), 16384):
            last = start + 16384 >= len(sample)
            steps += [data(sample[start:start + 16384], end_stream=last),
                      ("pause", 0.02)]
        return steps
    if mode == "stall-after-message":
        return [headers(GRPC_HEADERS), data(message)]
    if mode == "bad-content-type":
        return [headers([(":status", "200"),
                         ("content-type", "application/json")]),
                data(b"{}", end_stream=True)]
    if mode == "no-content-type":
        return [headers([(":status", "200")]), data(message), trailers(OK)]
    if mode == "compressed-unknown":
        return [headers(GRPC_HEADERS + [("grpc-encoding", "snappy")]),
                data(prefixed(echo, flag=1)), trailers(OK)]
    if mode == "compressed-no-encoding":
        return [headers(GRPC_HEADERS), data(prefixed(echo, flag=1)),
                trailers(OK)]
    if mode == "compressed-bomb":
        # A repeated Echo text field: 100,000 bytes that gzip to a few
        # hundred, past a small --max-msg-sz once inflated only.
        bomb = gzip(b"\x0a\x05hello" * 14286)
        return [headers(GRPC_HEADERS + [("grpc-encoding", "gzip")]),
                data(prefixed(bomb, flag=1)), trailers(OK)]
    if mode == "compressed-junk":
        return [headers(GRPC_HEADERS + [("grpc-encoding", "gzip")]),
                data(prefixed(b"not gzip", flag=1)), trailers(OK)]
    if mode == "connect-gzip-bomb":
        return [headers([(":status", "200"),
                         ("content-type", "application/proto"),
                         ("content-encoding", "gzip")]),
                data(gzip(b"\x0a\x05hello" * 14286), end_stream=True)]
    if mode == "connect-gzip-error":
        body = json.dumps({"code": "not_found", "message": "gone"})
        return [headers([(":status", "404"),
                         ("content-type", "application/json"),
                         ("content-encoding", "gzip")]),
                data(gzip(body.encode()), end_stream=True)]
    if mode == "details-not-base64":
        return [headers(GRPC_HEADERS),
                trailers([("grpc-status", "5"), ("grpc-message", "m"),
                          ("grpc-status-details-bin", "!!!")])]
    if mode == "status-in-headers":
        return [headers(GRPC_HEADERS + [("grpc-status", "5")]), data(message),
                trailers(OK)]
    if mode == "status-twice":
        return [headers(GRPC_HEADERS), data(message),
                trailers([("grpc-status", "5"), ("grpc-status", "0")])]
    if mode == "connect-bad-details":
        error_info = base64.b64encode(b"\x0a\x03why").decode().rstrip("=")
        body = json.dumps({"code": "invalid_argument", "message": "bad", "details": [
            {"type": "google.rpc.ErrorInfo", "value": error_info},
            {"type": "google.rpc.ErrorInfo", "value": "!!"}, "junk"]})
        return [headers([(":status", "400"),
                         ("content-type", "application/json")]),
                data(body.encode(), end_stream=True)]
    if mode == "connect-big-error":
        body = json.dumps({"code": "invalid_argument",
                           "message": "x" * 200000})
        return [headers([(":status", "400"),
                         ("content-type", "application/json")]),
                data(body.encode(), end_stream=True)]
    if mode == "message-after-trailers":
        # Read only as gRPC-Web, whose trailers are a frame of the body.
        return [headers(GRPC_HEADERS), data(message), trailers(OK),
                data(message, end_stream=True)]
    if mode == "oversize-prefix":
        return [headers(GRPC_HEADERS),
                data(prefixed(b"abc", length=0xFFFFFFFF)), trailers(OK)]
    return [trailers(GRPC_HEADERS + [
        ("grpc-status", "12"),
        ("grpc-message", "misbehaving_server has no mode %s" % mode)])]


def as_grpc_web(steps, trailers_flag=0x80):
    """`steps` as gRPC-Web carries them, for a request that came as
    gRPC-Web: its content type, and trailers as a frame at the end of the
    body (flag `trailers_flag`). A trailers-only answer stays headers."""
    web = []
    for step in steps:
        if step[0] != "headers":
            web.append(step)
            continue
        fields = [(name, "application/grpc-web+proto"
                   if name == "content-type" and value == "application/grpc"
                   else value) for name, value in step[1]]
        is_trailers = step[2] and not any(name == ":status"
                                          for name, _ in fields)
        if not is_trailers:
            web.append(headers(fields, step[2]))
            continue
        block = "".join("%s: %s\r\n" % field for field in fields).encode()
        web.append(data(prefixed(block, flag=trailers_flag), end_stream=True))
    # Only the last step ends the stream (message-after-trailers adds one).
    return [(step[0], step[1], False) if step[0] == "data" and index < len(web) - 1
            else step for index, step in enumerate(web)]


class LiteralEncoder(hpack.Encoder):
    """HPACK without Huffman coding: hpack's Huffman coder takes time
    quadratic in a value's length (13 s for huge-message's 200,000 bytes, by
    which time the client has given up). Clients take plain literals as
    well, and they leave the values readable in a capture."""

    def encode(self, headers, huffman=True):
        return super().encode(headers, huffman=False)


def raw_frame(frame_type, flags, stream_id, payload):
    """A frame built by hand, for what h2 would not send."""
    return (len(payload).to_bytes(3, "big") + bytes([frame_type, flags]) +
            stream_id.to_bytes(4, "big") + payload)


def send_steps(connection, outbox, raw):
    """Sends what it can of each stream's steps, in order. DATA waits for
    the client's flow-control window (a large echo would otherwise overrun
    it); what does not fit stays in `outbox` for the next WINDOW_UPDATE.
    Frames h2 cannot send go to `raw`, to be sent after h2's. Returns
    "close" once a step has closed the connection, or ("pause", SECONDS)
    when a step asks that what came before be sent first."""
    for stream_id in list(outbox):
        steps = outbox[stream_id]
        try:
            while steps:
                step = steps[0]
                if step[0] == "data":
                    _, payload, end_stream = step
                    size = min(len(payload),
                               connection.local_flow_control_window(stream_id),
                               connection.max_outbound_frame_size)
                    if size < len(payload):
                        if size == 0:
                            break  # until the client opens its window
                        connection.send_data(stream_id, payload[:size])
                        steps[0] = ("data", payload[size:], end_stream)
                        continue
                    connection.send_data(stream_id, payload,
                                         end_stream=end_stream)
                elif step[0] == "headers":
                    connection.send_headers(stream_id, step[1],
                                            end_stream=step[2])
                elif step[0] == "reset":
                    connection.reset_stream(stream_id, error_code=step[1])
                elif step[0] == "frame":
                    raw.append(raw_frame(*step[1:3], stream_id, step[3]))
                elif step[0] == "close":
                    return "close"
                elif step[0] == "pause":
                    steps.popleft()
                    return step
                elif step[0] == "goaway":
                    connection.close_connection(
                        error_code=h2.errors.ErrorCodes.NO_ERROR,
                        additional_data=b"misbehaving_server: goaway")
                    return "close"
                steps.popleft()
        except (h2.exceptions.StreamClosedError,
                h2.exceptions.NoSuchStreamError):
            steps.clear()  # the client reset the stream: nobody to answer
        if not steps:
            del outbox[stream_id]
    return None


def log_call(path, mode):
    # Connections run on threads of their own: one whole line at a time.
    with LOG_LOCK:
        sys.stderr.write("call %s mode=%s\n" % (path, mode or "-"))
        sys.stderr.flush()


def close_gently(sock):
    """Closes after the client has had everything sent: closing a socket
    with unread input makes the kernel send RST, which may make the client
    drop the GOAWAY still unread in its buffers. So: FIN first, then read
    until the client closes too, or a second has passed."""
    sock.shutdown(socket.SHUT_WR)
    sock.settimeout(1)
    try:
        while sock.recv(65536):
            pass
    except OSError:
        pass


def converse(sock):
    # Outbound header checks off: this server's job is to send what it is
    # told, and some modes send what they forbid or may one day forbid
    # (raw ESC in x-evil, a :status that is not a number). h2 4.1 checks
    # no value or size in any case: huge-message goes out at any setting.
    connection = h2.connection.H2Connection(h2.config.H2Configuration(
        client_side=False, header_encoding="utf-8",
        validate_outbound_headers=False, normalize_outbound_headers=False))
    connection.encoder = LiteralEncoder()
    connection.initiate_connection()
    sock.sendall(connection.data_to_send())
    calls = {}  # stream id -> [mode, request body so far]
    outbox = {}  # stream id -> deque of steps still to send
    while True:
        received = sock.recv(65536)
        if not received:
            return
        try:
            events = connection.receive_data(received)
        except h2.exceptions.ProtocolError:
            # h2 has queued a GOAWAY saying what was wrong.
            sock.sendall(connection.data_to_send())
            return
        for event in events:
            if isinstance(event, h2.events.RequestReceived):
                fields = dict(event.headers)
                mode = fields.get("x-misbehave")
                log_call(fields.get(":path"), mode)
                web = fields.get("content-type", "").startswith(
                    "application/grpc-web")
                calls[event.stream_id] = [mode, b"", web]
                if mode in EARLY_MODES:
                    outbox[event.stream_id] = collections.deque(
                        early_answer(mode))
            elif isinstance(event, h2.events.DataReceived):
                # Whatever becomes of the call, the client's window is given
                # back, or a large request would stall the connection.
                connection.acknowledge_received_data(
                    event.flow_controlled_length, event.stream_id)
                if event.stream_id in calls:
                    calls[event.stream_id][1] += event.data
            elif isinstance(event, h2.events.StreamEnded):
                mode, body, web = calls.pop(event.stream_id,
                                            (None, None, False))
                if body is not None and mode not in EARLY_MODES:
                    steps = answer(mode, echo_of(body))
                    outbox[event.stream_id] = collections.deque(
                        as_grpc_web(steps, 0x81 if mode == "trailers-compressed"
                                    else 0x80) if web else steps)
            elif isinstance(event, h2.events.StreamReset):
                calls.pop(event.stream_id, None)
                outbox.pop(event.stream_id, None)
            elif isinstance(event, h2.events.ConnectionTerminated):
                sock.sendall(connection.data_to_send())
                return
            # WindowUpdated and RemoteSettingsChanged need nothing here:
            # send_steps below retries what was waiting for window. PING
            # and SETTINGS are acknowledged by h2 itself.
        while True:
            raw = []
            after = send_steps(connection, outbox, raw)
            sock.sendall(connection.data_to_send() + b"".join(raw))
            if after == "close":
                close_gently(sock)
                return
            if after is None:
                break
            time.sleep(after[1])


def serve_connection(sock):
    # A client that vanishes mid-call (reset, broken pipe) ends only its
    # own connection's thread.
    try:
        converse(sock)
    except OSError:
        pass
    finally:
        sock.close()


if __name__ == "__main__":
    serve_connections(serve_connection)
