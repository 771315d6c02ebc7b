// The parts of a stub that are read and checked on their own: its
// messages, delays, headers and error statuses, each refused with where
// in the file it is and why.
#ifndef RPCCLI_SERVE_STUB_FIELDS_H_
#define RPCCLI_SERVE_STUB_FIELDS_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/status.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "codec/codec.h"

namespace rpccli {

/// `err` = "`where`: `what`"; false.
bool Refuse(const std::string& where, const std::string& what,
            std::string* err);

/// A message of `type`, in wire bytes, from the JSON a stub holds for it.
bool MessageBytes(const Codec& codec, const google::protobuf::Descriptor& type,
                  const nlohmann::json& json, const std::string& where,
                  std::string* bytes, std::string* err);

/// A delay: whole milliseconds, from 0 to an hour.
bool Delay(const nlohmann::json& json, const std::string& where, int* delay_ms,
           std::string* err);

/// Headers a call must carry (`headers`: names in any case) or its answer
/// sends (`response_headers`, `response_trailers`).
enum class HeaderUse { kMatched, kSent };

/// An object of headers, each as gRPC sends it: a -bin header's value is
/// written in base64 and held decoded; names or values gRPC would abort
/// on, or never match, are refused.
bool HeaderMap(const nlohmann::json& json, const std::string& where,
               HeaderUse use, std::multimap<std::string, std::string>* headers,
               std::string* err);

/// {"code": "NotFound" or 5, "message": "...", "details": [{"@type":
/// ...}]}: the details as google.rpc.Status carries them, in
/// grpc-status-details-bin, of google.rpc's types, the well-known ones or
/// the served schema's (`codec`'s pool).
bool ErrorStatus(const nlohmann::json& json, const std::string& where,
                 const Codec& codec, grpc::Status* status, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_SERVE_STUB_FIELDS_H_
