// How a stub's request is compared with a call's: both as canonical JSON
// (proto3's mapping, fields at their default left out), messages field by
// field, other values whole.
#ifndef RPCCLI_SERVE_STUB_MATCH_H_
#define RPCCLI_SERVE_STUB_MATCH_H_

#include <google/protobuf/descriptor.h>

#include <nlohmann/json.hpp>
#include <string>

namespace rpccli {

/// A value as a near miss quotes it: at most 60 characters.
std::string Quote(const nlohmann::json& value);

/// Marks, in `canonical` (a stub's request of `type` as canonical JSON),
/// the fields `written` (the request as the stub wrote it) names that
/// canonical JSON left out: a field given its default value ("name": "")
/// would otherwise match anything, and now matches only a request that
/// leaves the field at its default too.
void MarkDefaults(const google::protobuf::Descriptor& type,
                  const nlohmann::json& written, nlohmann::json* canonical);

/// Whether `actual` (a call's request of `type`; null: not known, as
/// inside an Any) holds `expected` (a stub's, marked): each of its fields
/// equal, messages compared so in turn, maps, Structs and Values whole;
/// with `exact`, nothing more set either. If not, `differs` says where
/// ("name is \"bob\", not \"ann\"").
bool Holds(const nlohmann::json& actual, const nlohmann::json& expected,
           bool exact, const google::protobuf::Descriptor* type,
           std::string* differs);

}  // namespace rpccli

#endif  // RPCCLI_SERVE_STUB_MATCH_H_
