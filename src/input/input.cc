#include "input/input.h"

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include "input/json_reader.h"
#include "input/text_reader.h"

namespace rpccli {

namespace pb = google::protobuf;

bool OpenInput(const Options& options, ByteSource* stdin_source,
               bool stdin_is_terminal, Input* input, std::string* err,
               bool read_terminal) {
  const std::string& data = options.data;
  if (options.has_data && data == "@-") {
    input->source = stdin_source;
    input->name = "<stdin>";
  } else if (options.has_data && !data.empty() && data[0] == '@') {
    std::string path = data.substr(1);
    if (path.empty()) {
      *err = "the request @ names no file: give @FILE, or @- for stdin";
      return false;
    }
    // Not blocking: open() would wait for a FIFO's writer with no bound;
    // FdSource's reads wait for it instead, as long as --max-time allows.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      *err = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    input->owned = std::make_unique<FdSource>(fd, /*owned=*/true);
    input->name = path;
  } else if (options.has_data) {
    input->owned = std::make_unique<StringSource>(data);
    input->name = "<argument>";
  } else if (!stdin_is_terminal || read_terminal) {
    input->source = stdin_source;
    input->name = "<stdin>";
  } else {
    input->owned = std::make_unique<StringSource>("");
    input->name = "<argument>";
  }
  if (input->owned) input->source = input->owned.get();
  return true;
}

bool ReadSingleRequest(MessageReader* reader, InputRequestStream* requests,
                       const pb::MethodDescriptor& method, std::string* request,
                       std::string* err) {
  switch (requests->Next(request, err)) {
    case RequestStream::Result::kError:
      return false;
    case RequestStream::Result::kEnd:
      // None given: the empty message, if the type allows it.
      return requests->EmptyRequest(request, err);
    case RequestStream::Result::kMessage:
      break;
  }
  InputMessage extra;
  switch (reader->Next(&extra, err)) {
    case MessageReader::Result::kError:
      return false;
    case MessageReader::Result::kMessage:
      *err = Where(reader->name(), extra) + ": " + method.full_name() + " is " +
             (method.server_streaming() ? "server-streaming" : "unary") +
             " and takes exactly one request message";
      return false;
    case MessageReader::Result::kEnd:
      return true;
  }
  return true;
}

bool RequestInput::Open(const Options& options, ByteSource* stdin_source,
                        bool stdin_is_terminal, const Codec* codec,
                        const pb::Descriptor& type, std::string* err,
                        bool read_terminal) {
  if (!OpenInput(options, stdin_source, stdin_is_terminal, &input_, err,
                 read_terminal)) {
    return false;
  }
  if (options.format.format == MessageFormat::kText) {
    reader_ = std::make_unique<TextReader>(input_.source, input_.name);
  } else {
    reader_ = std::make_unique<JsonReader>(input_.source, input_.name);
  }
  stream_ = std::make_unique<InputRequestStream>(input_.source, reader_.get(),
                                                 codec, &type);
  return true;
}

namespace {

// Interrupts `stream` at `deadline` unless destroyed first; `fired` says
// whether it did (read while the alarm runs, hence atomic).
class InterruptAt {
 public:
  InterruptAt(RequestStream* stream,
              std::chrono::system_clock::time_point deadline,
              std::atomic<bool>* fired) {
    if (deadline == std::chrono::system_clock::time_point::max()) return;
    thread_ = std::thread([this, stream, deadline, fired] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!changed_.wait_until(lock, deadline, [this] { return over_; })) {
        *fired = true;
        stream->Interrupt();
      }
    });
  }
  ~InterruptAt() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      over_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool over_ = false;
  std::thread thread_;
};

}  // namespace

bool RequestInput::EndsOnItsOwn() const {
  return input_.source->EndsOnItsOwn();
}

bool RequestInput::ReadAll(std::chrono::system_clock::time_point deadline,
                           double max_time_seconds, const std::string& what,
                           std::vector<std::string>* messages,
                           std::string* err) {
  return ReadEach(deadline, max_time_seconds, what, err, [&] {
    std::string bytes;
    RequestStream::Result result = stream()->Next(&bytes, err);
    if (result == RequestStream::Result::kMessage) {
      messages->push_back(std::move(bytes));
    }
    return result;
  });
}

bool RequestInput::ReadAllTexts(std::chrono::system_clock::time_point deadline,
                                double max_time_seconds,
                                const std::string& what,
                                std::vector<InputMessage>* messages,
                                std::string* err) {
  return ReadEach(deadline, max_time_seconds, what, err, [&] {
    InputMessage message;
    switch (reader()->Next(&message, err)) {
      case MessageReader::Result::kMessage:
        messages->push_back(std::move(message));
        return RequestStream::Result::kMessage;
      case MessageReader::Result::kEnd:
        return RequestStream::Result::kEnd;
      case MessageReader::Result::kError:
        break;
    }
    return RequestStream::Result::kError;
  });
}

bool RequestInput::ReadEach(
    std::chrono::system_clock::time_point deadline, double max_time_seconds,
    const std::string& what, std::string* err,
    const std::function<RequestStream::Result()>& read_one) {
  std::atomic<bool> out_of_time{false};
  // A file ends on its own: only a pipe or a terminal can hold it open.
  if (EndsOnItsOwn()) {
    deadline = std::chrono::system_clock::time_point::max();
  }
  {
    InterruptAt alarm(stream(), deadline, &out_of_time);
    for (bool more = true; more;) {
      switch (read_one()) {
        case RequestStream::Result::kMessage:
          break;
        case RequestStream::Result::kEnd:
          more = false;
          break;
        case RequestStream::Result::kError:
          if (!out_of_time) return false;
          more = false;
      }
    }
  }
  if (out_of_time) {
    std::ostringstream text;
    text << reader()->name() << ": the input did not end within "
         << max_time_seconds << " s (--max-time); " << what;
    *err = text.str();
    return false;
  }
  return true;
}

bool CallRequests::Open(const Options& options, ByteSource* stdin_source,
                        bool stdin_is_terminal, const Codec* codec,
                        const pb::MethodDescriptor& method, std::string* err,
                        std::chrono::system_clock::time_point deadline) {
  // A stream of requests with none given is typed in; a single request
  // given as nothing is the empty message, as in grpcurl.
  reads_terminal_ =
      method.client_streaming() && !options.has_data && stdin_is_terminal;
  if (!input_.Open(options, stdin_source, stdin_is_terminal, codec,
                   *method.input_type(), err, reads_terminal_)) {
    return false;
  }
  if (method.client_streaming()) return true;
  std::string request;
  std::atomic<bool> out_of_time{false};
  bool read;
  // An argument or a file ends on its own: the call's deadline, not this
  // read, then says the time ran out.
  if (input_.EndsOnItsOwn()) {
    deadline = std::chrono::system_clock::time_point::max();
  }
  {
    // The request is read whole, up to the end of the input, before the
    // call: a pipe that stays open must not hold it past --max-time.
    InterruptAt alarm(input_.stream(), deadline, &out_of_time);
    read = ReadSingleRequest(input_.reader(), input_.stream(), method, &request,
                             err);
  }
  if (out_of_time) {
    std::ostringstream text;
    text << input_.reader()->name() << ": the input did not end within "
         << options.connection.max_time_seconds
         << " s (--max-time); a request is read whole before the call";
    *err = text.str();
    return false;
  }
  if (!read) return false;
  std::vector<std::string> requests;
  requests.push_back(std::move(request));  // a braced list would copy it
  single_ = std::make_unique<ListRequestStream>(std::move(requests));
  return true;
}

}  // namespace rpccli
