// The requests of a call: where they are read from, and the one request
// that a unary or server-streaming method takes.
#ifndef RPCCLI_INPUT_INPUT_H_
#define RPCCLI_INPUT_INPUT_H_

#include <google/protobuf/descriptor.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/options.h"
#include "codec/codec.h"
#include "input/byte_source.h"
#include "input/message_reader.h"
#include "input/request_stream.h"

namespace rpccli {

/// The request input: the argument, @FILE, @-, or piped stdin.
struct Input {
  std::unique_ptr<ByteSource> owned;
  ByteSource* source = nullptr;
  std::string name;  // for errors: the file, <stdin> or <argument>
};

/// Opens the input `options` names. `stdin_source` is read for `@-`, and
/// when no request is given and stdin is not a terminal, or is one and
/// `read_terminal` (a stream of requests is typed in).
bool OpenInput(const Options& options, ByteSource* stdin_source,
               bool stdin_is_terminal, Input* input, std::string* err,
               bool read_terminal = false);

/// Reads the one request a unary or server-streaming method takes (an empty
/// message when there is none) and checks that nothing follows it.
bool ReadSingleRequest(MessageReader* reader, InputRequestStream* requests,
                       const google::protobuf::MethodDescriptor& method,
                       std::string* request, std::string* err);

/// The request input as a stream of `type` messages in wire bytes, each
/// read and converted when asked for.
class RequestInput {
 public:
  bool Open(const Options& options, ByteSource* stdin_source,
            bool stdin_is_terminal, const Codec* codec,
            const google::protobuf::Descriptor& type, std::string* err,
            bool read_terminal = false);

  InputRequestStream* stream() const { return stream_.get(); }
  MessageReader* reader() const { return reader_.get(); }
  /// Whether the input ends without waiting on a writer: an argument, a
  /// regular file.
  bool EndsOnItsOwn() const;

  /// Reads every request to the end of the input. A pipe or terminal must
  /// end by `deadline` (--max-time's, `max_time_seconds` from now): else an
  /// error saying the input did not end in time, as `what` needs it whole.
  /// A regular file, which ends on its own, is read with no limit.
  bool ReadAll(std::chrono::system_clock::time_point deadline,
               double max_time_seconds, const std::string& what,
               std::vector<std::string>* messages, std::string* err);
  /// The same, keeping each message's text and where it starts, for
  /// templates with placeholders.
  bool ReadAllTexts(std::chrono::system_clock::time_point deadline,
                    double max_time_seconds, const std::string& what,
                    std::vector<InputMessage>* messages, std::string* err);

 private:
  bool ReadEach(std::chrono::system_clock::time_point deadline,
                double max_time_seconds, const std::string& what,
                std::string* err,
                const std::function<RequestStream::Result()>& read_one);

  Input input_;
  std::unique_ptr<MessageReader> reader_;
  std::unique_ptr<InputRequestStream> stream_;
};

/// The requests of a call, ready for the call engine: streamed from the
/// input as they are read, or, for a method that takes one request, that
/// request read and checked in full first, so bad input never reaches the
/// server.
class CallRequests {
 public:
  /// A single request is read by `deadline` (--max-time's), or the input
  /// is an error saying it did not end in time.
  bool Open(const Options& options, ByteSource* stdin_source,
            bool stdin_is_terminal, const Codec* codec,
            const google::protobuf::MethodDescriptor& method, std::string* err,
            std::chrono::system_clock::time_point deadline =
                std::chrono::system_clock::time_point::max());

  RequestStream* stream() const {
    return single_ ? static_cast<RequestStream*>(single_.get())
                   : input_.stream();
  }

  /// True when a client or bidi stream's requests are typed at the
  /// terminal (no request given, stdin a terminal): the user wants a hint.
  bool reads_terminal() const { return reads_terminal_; }

 private:
  bool reads_terminal_ = false;
  RequestInput input_;
  std::unique_ptr<ListRequestStream> single_;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_INPUT_H_
