// A reverse proxy that routes gRPC by path, as one in front of a server
// behind https://host/prefix does: node's own http2, no packages. Usage:
// node path_proxy.js PREFIX UPSTREAM_PORT. A request whose :path starts
// with PREFIX goes to 127.0.0.1:UPSTREAM_PORT without it, headers, body
// and trailers as they are; any other path is answered 404. Prints
// "listening on 127.0.0.1:PORT" once ready, and "path P" on stderr for
// each request.
"use strict";

const http2 = require("node:http2");

const [prefix, upstreamPort] = process.argv.slice(2);
const upstream = http2.connect(`http://127.0.0.1:${upstreamPort}`);
upstream.on("error", (error) => console.error("upstream: " + error.message));

const server = http2.createServer();
server.on("stream", (stream, headers) => {
  const path = headers[":path"];
  console.error("path " + path);
  if (!path.startsWith(prefix + "/")) {
    stream.respond({ ":status": 404, "content-type": "text/plain" });
    stream.end("no route for " + path);
    return;
  }
  const forwarded = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(":")) forwarded[name] = value;
  }
  forwarded[":method"] = headers[":method"];
  forwarded[":path"] = path.slice(prefix.length);
  const request = upstream.request(forwarded);
  request.on("response", (responseHeaders) => {
    const reply = {};
    for (const [name, value] of Object.entries(responseHeaders)) {
      if (name !== ":status" && name.startsWith(":")) continue;
      reply[name] = value;
    }
    // Trailers-only (an error at once): the status is in these headers.
    if (responseHeaders["grpc-status"] !== undefined) {
      stream.respond(reply, { endStream: true });
      return;
    }
    stream.respond(reply, { waitForTrailers: true });
    request.pipe(stream);
  });
  let trailers = null;
  request.on("trailers", (received) => {
    trailers = received;
  });
  stream.on("wantTrailers", () => stream.sendTrailers(trailers || {}));
  request.on("error", () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
  stream.on("close", () => request.close());
  stream.pipe(request);
});
server.listen(0, "127.0.0.1", () => {
  console.log("listening on 127.0.0.1:" + server.address().port);
});
