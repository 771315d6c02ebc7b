// --events: everything that happened in a call as NDJSON on stdout, one
// object per line, each with "event", "call" (the request number) and
// "t_ms" (milliseconds since the call started):
//   {"event":"headers","call":1,"t_ms":0.8,"metadata":{"name":["value"]}}
//   {"event":"message","call":1,"t_ms":0.9,"message":{...}}
//   {"event":"trailers","call":1,"t_ms":1.0,"metadata":{}}
//   {"event":"status","call":1,"t_ms":1.0,"code":0,"code_name":"OK",
//    "message":"","details":[]}
// and, where rpccli itself could not go on (a response it cannot decode, a
// request it cannot read), before the status that follows:
//   {"event":"error","call":1,"t_ms":0.9,"message":"response 1: ..."}
#ifndef RPCCLI_SHOW_EVENTS_H_
#define RPCCLI_SHOW_EVENTS_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>
#include <vector>

#include "transport/call_engine.h"

namespace rpccli {

/// A `headers` or `trailers` event (`event`): each name with the list of
/// its values, in the order they came; `-bin` values in base64.
void AppendMetadataEvent(const char* event, int64_t call, double t_ms,
                         const Headers& metadata, std::string* out);

/// The start of a `message` event, up to where the message's JSON goes;
/// the caller appends the JSON, then `}` and a newline.
void AppendMessageEventStart(int64_t call, double t_ms, std::string* out);

/// An `error` event: what rpccli could not do in the call, as stderr says.
void AppendErrorEvent(int64_t call, double t_ms, const std::string& message,
                      std::string* out);

/// `status` as one JSON object, `{"code":5,NAME_KEY:"NotFound",
/// "message":"...","details":[...]}`, with `details` (each compact JSON, as
/// DecodeStatusDetails gives them); text that is not UTF-8 is replaced.
/// The status event and --format-error json both write it.
std::string StatusJson(const grpc::Status& status,
                       const std::vector<std::string>& details,
                       const char* name_key);

/// A `status` event: the code, its name, the message, and `details` (each
/// compact JSON, as DecodeStatusDetails gives them).
void AppendStatusEvent(int64_t call, double t_ms, const grpc::Status& status,
                       const std::vector<std::string>& details,
                       std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_EVENTS_H_
