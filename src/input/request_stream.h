// Request streams for the call engine: messages read from the input and
// converted to wire bytes one at a time, or a list read in advance.
#ifndef RPCCLI_INPUT_REQUEST_STREAM_H_
#define RPCCLI_INPUT_REQUEST_STREAM_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "codec/codec.h"
#include "input/byte_source.h"
#include "input/message_reader.h"
#include "input/placeholders.h"
#include "transport/call_engine.h"

namespace rpccli {

/// Converts one message of the input named `input_name` into wire bytes;
/// an error names the input, and the line and column of the fault when
/// the parser tells it. `filled`: the text is the message with its
/// placeholders filled, which the error says.
bool EncodeMessage(const Codec& codec, const google::protobuf::Descriptor& type,
                   const std::string& input_name, const InputMessage& message,
                   std::string* bytes, std::string* err, bool filled = false);

/// Reads messages from `reader` (which reads `source`) and converts each
/// into a `type` message. A bad one is an error naming its input, line,
/// column and number.
class InputRequestStream : public RequestStream {
 public:
  InputRequestStream(ByteSource* source, MessageReader* reader,
                     const Codec* codec,
                     const google::protobuf::Descriptor* type)
      : source_(source), reader_(reader), codec_(codec), type_(type) {}

  Result Next(std::string* bytes, std::string* err) override;
  void Interrupt() override { source_->Interrupt(); }
  /// From now on, each message's placeholders are filled as it is read,
  /// message N as call N - 1 (call --batch: a call per message).
  void FillPlaceholders(PlaceholderSyntax syntax, PlaceholderFiles* files) {
    syntax_ = syntax;
    files_ = files;
  }
  /// The empty message, for an input that held none; false if the type's
  /// required fields forbid it, `err` naming the input.
  bool EmptyRequest(std::string* bytes, std::string* err) const;

 private:
  ByteSource* source_;
  MessageReader* reader_;
  const Codec* codec_;
  const google::protobuf::Descriptor* type_;
  PlaceholderSyntax syntax_ = PlaceholderSyntax::kJson;
  PlaceholderFiles* files_ = nullptr;  // set: placeholders are filled
  std::mt19937_64 random_{std::random_device{}()};
};

/// Requests read and converted before the call started.
class ListRequestStream : public RequestStream {
 public:
  explicit ListRequestStream(std::vector<std::string> requests)
      : requests_(std::move(requests)) {}

  Result Next(std::string* bytes, std::string* err) override;
  void Interrupt() override {}
  bool MayBlock() const override { return false; }

 private:
  std::vector<std::string> requests_;
  size_t next_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_REQUEST_STREAM_H_
