#include "run.h"

#include <fcntl.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>

#include "call.h"
#include "channel.h"
#include "codec.h"
#include "describe.h"
#include "descriptor_source.h"
#include "json_reader.h"
#include "printer.h"
#include "request_stream.h"
#include "stop_signals.h"
#include "symbol.h"
#include "text_reader.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Prints `message` as `rpccli: error: ...`, one such line per line of it.
int Fail(const Io& io, int code, const std::string& message) {
  std::istringstream lines(message);
  std::string line;
  while (std::getline(lines, line))
    *io.err << "rpccli: error: " << line << "\n";
  io.err->flush();
  return code;
}

bool OpenSchema(const Options& options, DescriptorSource* source,
                std::string* err) {
  if (options.schema.proto_files.empty()) {
    *err = options.connection.target +
           ": reading the schema from the server (reflection) is not "
           "supported yet; pass -p FILE";
    return false;
  }
  return source->Open(options.schema, err);
}

// The request stream: the argument, @FILE, @- or piped stdin.
struct Input {
  std::unique_ptr<ByteSource> owned;
  ByteSource* source = nullptr;
  std::string name;
};

bool OpenInput(const Options& options, const Io& io, Input* input,
               std::string* err) {
  const std::string& data = options.data;
  if (options.has_data && data == "@-") {
    input->source = io.in;
    input->name = "<stdin>";
  } else if (options.has_data && !data.empty() && data[0] == '@') {
    std::string path = data.substr(1);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    input->owned = std::make_unique<FdSource>(fd, /*owned=*/true);
    input->name = path;
  } else if (options.has_data) {
    input->owned = std::make_unique<StringSource>(data);
    input->name = "<argument>";
  } else if (!io.in_is_terminal) {
    input->source = io.in;
    input->name = "<stdin>";
  } else {
    input->owned = std::make_unique<StringSource>("");
    input->name = "<argument>";
  }
  if (input->owned) input->source = input->owned.get();
  return true;
}

// Reads the one request a unary or server-streaming method takes (an empty
// message when there is none) and checks that nothing follows it.
bool ReadSingleRequest(MessageReader* reader, InputRequestStream* requests,
                       const pb::MethodDescriptor& method, std::string* request,
                       std::string* err) {
  if (requests->Next(request, err) == RequestStream::Result::kError) {
    return false;
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

int RunList(const Options& options, const Io& io) {
  DescriptorSource source;
  std::string err;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  std::vector<const pb::ServiceDescriptor*> services = source.Services();
  if (options.symbol.empty()) {
    *io.out << ListServices(services);
    return kExitOk;
  }
  const pb::ServiceDescriptor* service =
      ResolveService(services, options.symbol, &err);
  if (service == nullptr) return Fail(io, kExitFailure, err);
  *io.out << ListMethods(*service);
  return kExitOk;
}

int RunDescribe(const Options& options, const Io& io) {
  DescriptorSource source;
  std::string err;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  if (options.symbol.empty()) {
    for (const pb::ServiceDescriptor* service : source.Services()) {
      *io.out << DescribeService(*service);
    }
    return kExitOk;
  }
  std::string text;
  if (!DescribeSymbol(source.AllFiles(), options.symbol, &text, &err)) {
    return Fail(io, kExitFailure, err);
  }
  *io.out << text;
  return kExitOk;
}

std::string SignalName(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

// Turns how a call ended into what the user sees on stderr and the exit code.
int ReportOutcome(const CallOutcome& outcome, const ResponsePrinter& printer,
                  const StopSignals& stop_signals, const Io& io) {
  switch (outcome.end) {
    case CallOutcome::End::kBadRequest:
      return Fail(io, kExitFailure, outcome.request_error);
    case CallOutcome::End::kSinkFailed:
      if (printer.error().empty()) return kExitOutputClosed;  // as `| head`
      return Fail(io, kExitFailure, printer.error());
    case CallOutcome::End::kCancelled:
      return Fail(io, kExitSignalBase + stop_signals.received(),
                  "interrupted by " + SignalName(stop_signals.received()) +
                      "; the call was cancelled");
    case CallOutcome::End::kFinished:
      break;
  }
  if (!outcome.status.ok()) {
    *io.err << FormatStatus(outcome.status);
    return kExitRpcBase + outcome.status.error_code();
  }
  return kExitOk;
}

int RunCall(const Options& options, const Io& io) {
  // First, before any thread exists: Ctrl-C must cancel the call, not kill
  // the process with the call half done.
  StopSignals stop_signals;
  std::string err;

  // Schema and method first: a typo should cost no connection.
  DescriptorSource source;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  const pb::MethodDescriptor* method =
      ResolveMethod(source.Services(), options.method, &err);
  if (method == nullptr) return Fail(io, kExitFailure, err);

  Codec codec(source.pool(), options.format);
  Input input;
  if (!OpenInput(options, io, &input, &err)) return Fail(io, kExitFailure, err);
  std::unique_ptr<MessageReader> reader;
  if (options.format.format == MessageFormat::kText) {
    reader = std::make_unique<TextReader>(input.source, input.name);
  } else {
    reader = std::make_unique<JsonReader>(input.source, input.name);
  }
  InputRequestStream stream(input.source, reader.get(), &codec,
                            method->input_type());

  // A method that takes one request gets it read and checked in full before
  // connecting, so bad input never reaches the server. Streamed requests
  // are sent as they are read.
  std::unique_ptr<ListRequestStream> single;
  if (!method->client_streaming()) {
    std::string request;
    if (!ReadSingleRequest(reader.get(), &stream, *method, &request, &err)) {
      return Fail(io, kExitFailure, err);
    }
    single = std::make_unique<ListRequestStream>(
        std::vector<std::string>{std::move(request)});
  }
  RequestStream* requests =
      single ? static_cast<RequestStream*>(single.get()) : &stream;

  // Connect before calling, so a server that cannot be reached is told
  // apart from one that answered with an error.
  std::shared_ptr<grpc::Channel> channel = CreateChannel(options.connection);
  if (!WaitForConnection(channel.get(), options.connection, &err)) {
    return Fail(io, kExitFailure, options.connection.target + ": " + err);
  }

  Call call(channel, WirePath(*method));
  stop_signals.SetHandler([&call] { call.Cancel(); });
  ResponsePrinter printer(&codec, method->output_type(), options.format.format,
                          io.out);
  CallOutcome outcome = call.Run(requests, &printer);
  stop_signals.SetHandler(nullptr);

  int code = ReportOutcome(outcome, printer, stop_signals, io);
  if (options.verbose && code != kExitOutputClosed) {
    *io.err << "Sent " << outcome.requests_sent << " request(s) and received "
            << outcome.responses_received << " response(s)\n";
  }
  return code;
}

}  // namespace

int Run(const Options& options, const Io& io) {
  switch (options.command) {
    case Command::kList:
      return RunList(options, io);
    case Command::kDescribe:
      return RunDescribe(options, io);
    case Command::kCall:
      return RunCall(options, io);
  }
  return kExitUsage;
}

}  // namespace rpccli
