// Server reflection over Connect: ServerReflectionInfo is a bidi stream,
// which Connect carries over HTTP/2. Each stream runs an HttpCall on a
// thread of its own, fed one request at a time.
#ifndef RPCCLI_SCHEMA_HTTP_REFLECTION_H_
#define RPCCLI_SCHEMA_HTTP_REFLECTION_H_

#include "schema/reflection_stream.h"
#include "transport/http/http_call.h"

namespace rpccli {

/// Streams to the server `http` names, with `headers`.
ReflectionStreamFactory HttpReflectionStreams(HttpSetup http,
                                              ReflectionHeaders headers);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_HTTP_REFLECTION_H_
