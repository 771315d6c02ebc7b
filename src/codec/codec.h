// Converts between wire bytes and text — JSON (the proto3 mapping) or
// protobuf text format — for message types of a DescriptorPool.
#ifndef RPCCLI_CODEC_CODEC_H_
#define RPCCLI_CODEC_CODEC_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/type_resolver.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/options.h"
#include "codec/group_view.h"
#include "codec/json_strict.h"
#include "codec/json_to_wire.h"
#include "codec/wire_canonical.h"
#include "codec/wire_to_json.h"

namespace rpccli {

/// Why a message's text could not be parsed, and where, if known: a
/// 1-based line and column within that text.
struct ParseError {
  std::string what;
  int line = 0;  // 0: the position is not known
  int column = 0;
};

/// Safe to use from two threads at once (one parsing, one formatting).
class Codec {
 public:
  /// `pool` must outlive the codec; `Any` types are resolved through it.
  Codec(const google::protobuf::DescriptorPool* pool,
        const FormatOptions& options);
  ~Codec();

  /// Parses the text of one `type` message into wire bytes.
  /// The empty message, sent when no request is given (as grpcurl does):
  /// false, `err` naming them, if `type` has required fields it would lack.
  bool EmptyMessage(const google::protobuf::Descriptor& type,
                    std::string* binary, std::string* err) const;

  bool Parse(const google::protobuf::Descriptor& type, const std::string& text,
             std::string* binary, ParseError* err) const;

  /// The pool messages are looked up in.
  const google::protobuf::DescriptorPool* pool() const { return pool_; }

  /// Formats wire bytes of a `type` message and appends the text to `out`:
  /// JSON indented by two spaces (one line with --compact), or text
  /// format without a trailing newline.
  bool Append(const google::protobuf::Descriptor& type,
              const std::string& binary, std::string* out,
              std::string* err) const;

  /// What JSON output has left out since the last time this was asked:
  /// fields the schema does not know ("9999 in demo.Sample, ..."), which
  /// JSON has no way to show; "" if none.
  std::string TakeUnshownFields() const;

  /// Messages that JSON output printed by their fields' .proto names, since
  /// two of their fields share a JSON name (json_names.h), said as
  /// JsonNameClash says it, since the last time this was asked; "" if none.
  std::string TakeNameClashes() const;

 private:
  bool ParseJson(const google::protobuf::Descriptor& type,
                 const std::string& json, std::string* binary,
                 ParseError* err) const;
  bool ParseText(const google::protobuf::Descriptor& type,
                 const std::string& text, std::string* binary,
                 ParseError* err) const;
  bool AppendJson(const google::protobuf::Descriptor& type,
                  const std::string& binary, std::string* out,
                  std::string* err) const;
  bool AppendText(const google::protobuf::Descriptor& type,
                  const std::string& binary, std::string* out,
                  std::string* err) const;
  // protobuf's own JSON parser, taking --allow-unknown-fields; `why` is
  // its complaint when it fails.
  bool FromJson(const google::protobuf::Descriptor& type,
                const std::string& json, std::string* binary,
                std::string* why) const;
  bool ToCompactJson(const google::protobuf::Descriptor& type,
                     const std::string& binary, std::string* json,
                     std::string* err) const;
  // Whether JSON output of `type` names fields by their .proto names:
  // with --proto-names, and where JSON names clash (noted for
  // TakeNameClashes).
  bool ProtoNamesFor(const google::protobuf::Descriptor& type) const;
  // In codec_any.cc.
  bool AppendJsonWithUnknownAny(const google::protobuf::Descriptor& type,
                                const std::string& binary, std::string* out,
                                std::string* err) const;
  bool ParseJsonWithUnknownAny(const google::protobuf::Descriptor& type,
                               const std::string& json,
                               std::string* binary) const;

  const google::protobuf::DescriptorPool* pool_;
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  // JSON of a type that holds groups goes through its view.
  mutable GroupFreeView group_view_;
  std::unique_ptr<google::protobuf::util::TypeResolver> view_resolver_;
  mutable WireCanonicalizer view_canonical_{group_view_.factory()};
  // Text format names a group by its type: one that is no proto2 group
  // goes through a view where it is a message field, named as itself.
  mutable GroupFreeView text_view_{pool_, /*group_like_too=*/false};
  mutable WireCanonicalizer text_canonical_{text_view_.factory()};
  bool ParseTextAs(const google::protobuf::Descriptor& type,
                   google::protobuf::DynamicMessageFactory* factory,
                   const std::string& text, std::string* binary,
                   ParseError* err) const;
  google::protobuf::util::TypeResolver* ResolverOf(
      const google::protobuf::Descriptor& type) const;
  mutable google::protobuf::DynamicMessageFactory factory_;
  mutable WireCanonicalizer canonical_{&factory_};
  mutable JsonToWire json_to_wire_;  // parsing only: one thread
  // Whether a type holds proto2 required fields, at any depth; and an Any.
  mutable std::mutex has_required_mutex_;  // parsing and printing ask
  mutable std::map<const google::protobuf::Descriptor*, bool> has_required_;
  mutable std::map<const google::protobuf::Descriptor*, bool> holds_any_;
  bool HasRequiredFields(const google::protobuf::Descriptor& type) const;
  // Whether a type holds, at any depth, a well-known type whose values
  // need a look after protobuf's parser (json_showable.h); cached too.
  mutable std::map<const google::protobuf::Descriptor*, bool>
      holds_checked_types_;
  bool HoldsCheckedTypes(const google::protobuf::Descriptor& type) const;
  // Whether `type` is or holds a google.protobuf.Any, at any depth.
  bool HoldsAny(const google::protobuf::Descriptor& type) const;
  // ParseJson but for the required fields.
  bool ParseJsonLeniently(const google::protobuf::Descriptor& type,
                          const std::string& json, std::string* binary,
                          ParseError* err) const;
  // After protobuf failed on `json`: true, with the error placed in the
  // request, if what one of `anys` holds is at fault.
  bool FaultInAny(const std::string& json, const std::vector<AnyInJson>& anys,
                  ParseError* err) const;
  // False, naming them, if `binary` lacks required fields of `type`.
  // `json`, if given, is the text `binary` came from: each missing field
  // is named as written there (a map's entry by its key), and placed.
  bool RequiredFieldsSet(const google::protobuf::Descriptor& type,
                         const std::string& binary, ParseError* err,
                         const std::string* json = nullptr) const;
  WireToJson wire_to_json_;
  FormatOptions options_;
  mutable std::mutex unshown_mutex_;  // printing may run on another thread
  mutable std::vector<std::string> unshown_fields_;
  // Each type's JSON name clash, or "", once looked at (under the mutex).
  mutable std::map<const google::protobuf::Descriptor*, std::string>
      name_clashes_;
  mutable std::vector<std::string> clashes_untold_;
  void NoteUnshownFields(const std::vector<std::string>& items) const;
};

}  // namespace rpccli

#endif  // RPCCLI_CODEC_CODEC_H_
