// Request streams for the call engine: messages read from the input and
// converted to wire bytes one at a time, or a list read in advance.
#ifndef RPCCLI_REQUEST_STREAM_H_
#define RPCCLI_REQUEST_STREAM_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "call.h"
#include "codec.h"
#include "json_reader.h"

namespace rpccli {

/// Reads JSON values from `reader` and converts each into a `type` message.
/// A bad value is an error naming its input, line, column and number.
class JsonRequestStream : public RequestStream {
 public:
  JsonRequestStream(ByteSource* source, JsonReader* reader, const Codec* codec,
                    const google::protobuf::Descriptor* type)
      : source_(source), reader_(reader), codec_(codec), type_(type) {}

  Result Next(std::string* bytes, std::string* err) override;
  void Interrupt() override { source_->Interrupt(); }

  /// Where a message starts, for errors: `NAME:LINE:COL: message N`.
  static std::string Where(const std::string& input_name,
                           const JsonValue& value);

 private:
  ByteSource* source_;
  JsonReader* reader_;
  const Codec* codec_;
  const google::protobuf::Descriptor* type_;
};

/// Requests read and converted before the call started.
class ListRequestStream : public RequestStream {
 public:
  explicit ListRequestStream(std::vector<std::string> requests)
      : requests_(std::move(requests)) {}

  Result Next(std::string* bytes, std::string* err) override;
  void Interrupt() override {}

 private:
  std::vector<std::string> requests_;
  size_t next_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_REQUEST_STREAM_H_
