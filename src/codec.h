// Converts between JSON and protobuf wire bytes for message types of a
// DescriptorPool, following the proto3 JSON mapping.
#ifndef RPCCLI_CODEC_H_
#define RPCCLI_CODEC_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/type_resolver.h>

#include <memory>
#include <string>

#include "options.h"

namespace rpccli {

class Codec {
 public:
  /// `pool` must outlive the codec; `Any` types are resolved through it.
  Codec(const google::protobuf::DescriptorPool* pool,
        const FormatOptions& options);
  ~Codec();

  /// Parses one JSON object as a `type` message into wire bytes.
  bool JsonToBinary(const google::protobuf::Descriptor& type,
                    const std::string& json, std::string* binary,
                    std::string* err) const;

  /// Formats wire bytes of a `type` message as JSON (indented by two
  /// spaces, or on one line with --compact) and appends it to `out`.
  bool AppendJson(const google::protobuf::Descriptor& type,
                  const std::string& binary, std::string* out,
                  std::string* err) const;

 private:
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  FormatOptions options_;
};

}  // namespace rpccli

#endif  // RPCCLI_CODEC_H_
