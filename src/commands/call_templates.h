// The requests and headers of bench's calls (and call --batch's headers)
// with their placeholders: read and checked once, at start-up, then filled
// for each call.
#ifndef RPCCLI_COMMANDS_CALL_TEMPLATES_H_
#define RPCCLI_COMMANDS_CALL_TEMPLATES_H_

#include <google/protobuf/descriptor.h>

#include <random>
#include <string>
#include <vector>

#include "base/options.h"
#include "codec/codec.h"
#include "commands/io.h"
#include "input/input.h"
#include "input/placeholders.h"
#include "transport/call_engine.h"

namespace rpccli {

/// Header values with placeholders, taken out of a CallSetup's headers
/// (which every call sends as they are) to be filled for each call.
class HeaderTemplates {
 public:
  /// Moves each header of `setup` whose value holds `{{` here. False, with
  /// `err` naming the header, for a malformed placeholder.
  bool TakeFrom(CallSetup* setup, bool workers, PlaceholderFiles* files,
                std::string* err);
  bool empty() const { return names_.empty(); }
  /// The headers filled for one call.
  void Fill(const CallValues& values, Headers* headers) const;

 private:
  std::vector<std::string> names_;
  std::vector<CallTemplate> values_;
};

/// bench's request messages: each one's bytes, or, if it holds
/// placeholders, its template, encoded anew for every call.
class BenchMessages {
 public:
  /// Reads every message of the input, compiles each, and encodes each
  /// template with every extreme of its placeholders (CallTemplate::Extreme)
  /// so that a value that does not fit is an error now, naming the
  /// message. No input gives the empty message when `one_per_call`.
  bool Load(const Options& options, const Io& io, const Codec& codec,
            const google::protobuf::Descriptor& type, bool one_per_call,
            PlaceholderFiles* files, std::string* err);

  size_t size() const { return fixed_.size(); }
  bool HasPlaceholders() const { return has_placeholders_; }
  /// Message `index` for one call. False only if a filled template does
  /// not encode, which Load's checks make unlikely; `err` says why.
  bool Encode(size_t index, const CallValues& values, std::string* bytes,
              std::string* err) const;

 private:
  const Codec* codec_ = nullptr;
  const google::protobuf::Descriptor* type_ = nullptr;
  std::string input_name_;
  std::vector<std::string> fixed_;  // empty where a template is
  std::vector<CallTemplate> templates_;
  std::vector<InputMessage> messages_;  // where each was, for errors
  bool has_placeholders_ = false;
};

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_CALL_TEMPLATES_H_
