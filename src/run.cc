#include "run.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <sstream>
#include <thread>

#include "call.h"
#include "channel.h"
#include "codec.h"
#include "describe.h"
#include "descriptor_source.h"
#include "input.h"
#include "message_template.h"
#include "metadata.h"
#include "printer.h"
#include "protoset.h"
#include "status_details.h"
#include "stop_signals.h"
#include "symbol.h"

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

// A server to ask for what the files lack: the target, when one was given.
// Without file sources everything comes from the server, so connect first
// to report an unreachable server as such.
// The headers are read here too, once, for reflection and for the call.
bool OpenSchema(const Options& options, RequestHeaders* headers,
                DescriptorSource* source,
                std::shared_ptr<grpc::Channel>* channel, std::string* err) {
  if (!ParseRequestHeaders(options.metadata, headers, err)) return false;
  const SchemaOptions& schema = options.schema;
  const ConnectionOptions& connection = options.connection;
  if (connection.target.empty()) return source->Open(schema, nullptr, err);
  auto reflection = [&] {
    return std::make_unique<ReflectionDatabase>(
        *channel, headers->reflection, connection.connect_timeout_seconds);
  };
  if (schema.proto_files.empty() && schema.protosets.empty()) {
    if (!CreateChannel(connection, channel, err)) return false;
    if (!WaitForConnection(channel->get(), connection, err)) {
      *err = connection.target + ": " + *err;
      return false;
    }
    return source->Open(schema, reflection(), err);
  }
  // gRPC's start-up and the channel take about as long as parsing the
  // files; on two threads they overlap. The connection is started too, to
  // be made while the request is read.
  bool channel_made = false;
  std::string channel_err;
  std::thread make_channel([&] {
    channel_made = CreateChannel(connection, channel, &channel_err);
    if (channel_made) (*channel)->GetState(/*try_to_connect=*/true);
  });
  bool files_loaded = source->LoadFiles(schema, err);
  make_channel.join();
  if (!channel_made) {
    *err = channel_err;
    return false;
  }
  if (!files_loaded) return false;
  source->Complete(reflection());
  return true;
}

// Says what was repaired in the server's reflection answers, with -v.
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io) {
  if (!options.verbose || source.reflection() == nullptr) return;
  for (const std::string& repair : source.reflection()->repairs()) {
    *io.err << "rpccli: repaired reflection: " << repair << "\n";
  }
}

// A reflection failure names the server and what to do instead.
std::string SchemaError(const Options& options, const std::string& err) {
  if (err == "does not support server reflection") {
    return options.connection.target + " " + err +
           "; pass -p FILE or --protoset FILE";
  }
  return err;
}

bool WriteProtosetIfAsked(const Options& options,
                          const std::vector<const pb::FileDescriptor*>& files,
                          std::string* err) {
  if (options.schema.protoset_out.empty()) return true;
  return WriteProtoset(options.schema.protoset_out, files, err);
}

int RunList(const Options& options, const Io& io) {
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) {
    return Fail(io, kExitFailure, err);
  }
  std::vector<std::string> names;
  if (!source.ServiceNames(&names, &err)) {
    return Fail(io, kExitFailure, SchemaError(options, err));
  }
  std::vector<const pb::FileDescriptor*> used;
  std::string text;
  if (options.symbol.empty()) {
    text = ListServices(names);
    // Only names were needed, unless the files are to be written out.
    if (!options.schema.protoset_out.empty()) {
      for (const std::string& name : names) {
        const pb::ServiceDescriptor* service = source.FindService(name, &err);
        if (service == nullptr) return Fail(io, kExitFailure, err);
        used.push_back(service->file());
      }
    }
  } else {
    std::string name = ResolveServiceName(names, options.symbol, &err);
    if (name.empty()) return Fail(io, kExitFailure, err);
    const pb::ServiceDescriptor* service = source.FindService(name, &err);
    if (service == nullptr) return Fail(io, kExitFailure, err);
    text = ListMethods(*service);
    used.push_back(service->file());
  }
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, used, &err)) {
    return Fail(io, kExitFailure, err);
  }
  *io.out << text;
  return kExitOk;
}

// The JSON template of a message, or of a method's request.
bool DescribeTemplate(const DescriptorSource& source, const std::string& symbol,
                      std::string* text, std::string* err) {
  const pb::Descriptor* type = source.pool()->FindMessageTypeByName(symbol);
  if (type == nullptr) {
    const pb::MethodDescriptor* method =
        source.pool()->FindMethodByName(symbol);
    if (method != nullptr) type = method->input_type();
  }
  if (type == nullptr) {
    *err =
        source.LookupError("\"" + symbol + "\" is not a message or a method");
    return false;
  }
  FormatOptions format;
  format.emit_defaults = true;
  Codec codec(source.pool(), format);
  pb::DynamicMessageFactory factory(source.pool());
  if (!codec.Append(*type, TemplateMessage(*type, &factory), text, err)) {
    return false;
  }
  *text += "\n";
  return true;
}

int RunDescribe(const Options& options, const Io& io) {
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) {
    return Fail(io, kExitFailure, err);
  }
  if (options.message_template && options.symbol.empty()) {
    return Fail(io, kExitUsage, "describe --template needs a SYMBOL");
  }
  std::vector<const pb::FileDescriptor*> used;
  std::string text;
  if (options.symbol.empty()) {
    std::vector<const pb::ServiceDescriptor*> services;
    if (!source.Services(&services, &err)) {
      return Fail(io, kExitFailure, SchemaError(options, err));
    }
    for (const pb::ServiceDescriptor* service : services) {
      text += DescribeService(*service);
      used.push_back(service->file());
    }
  } else {
    // Fetch the symbol's file from the server first, if it has to come
    // from there; a method may be written with a '/'.
    std::string symbol = options.symbol;
    std::replace(symbol.begin(), symbol.end(), '/', '.');
    if (!symbol.empty() && symbol[0] == '.') symbol.erase(0, 1);
    const pb::FileDescriptor* file = source.FindFileDefining(symbol);
    if (file == nullptr && source.reflection() != nullptr &&
        !source.reflection()->stream_error().empty()) {
      return Fail(io, kExitFailure,
                  SchemaError(options, source.reflection()->stream_error()));
    }
    bool described =
        options.message_template
            ? DescribeTemplate(source, symbol, &text, &err)
            : DescribeSymbol(source.LoadedFiles(), options.symbol, &text, &err);
    if (!described) return Fail(io, kExitFailure, source.LookupError(err));
    if (file != nullptr) used.push_back(file);
  }
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, used, &err)) {
    return Fail(io, kExitFailure, err);
  }
  *io.out << text;
  return kExitOk;
}

// Finds the method. An exact `pkg.Service/Method` needs only that service,
// which matters when each service is a round trip to the server. Other
// names are looked for among the files' services first, so that with
// .proto files a typo costs no connection; the server is asked only for
// what they do not have.
const pb::MethodDescriptor* FindMethod(const Options& options,
                                       DescriptorSource* source,
                                       std::string* err) {
  MethodName parts = SplitMethodName(options.method);
  if (!parts.service.empty()) {
    const pb::ServiceDescriptor* service =
        source->pool()->FindServiceByName(parts.service);
    const pb::MethodDescriptor* method =
        service == nullptr ? nullptr : service->FindMethodByName(parts.method);
    if (method != nullptr) return method;
  }
  std::vector<const pb::ServiceDescriptor*> local = source->LocalServices();
  // An ambiguous name stays ambiguous whatever the server adds.
  bool ambiguous = false;
  const pb::MethodDescriptor* method =
      local.empty() ? nullptr
                    : ResolveMethod(local, options.method, err, &ambiguous);
  if (method != nullptr || ambiguous || source->reflection() == nullptr) {
    return method;
  }
  std::vector<const pb::ServiceDescriptor*> all;
  std::string server_err;
  if (!source->Services(&all, &server_err)) {
    // With files, their "unknown method" (and nearest name) says more.
    if (local.empty()) *err = SchemaError(options, server_err);
    return nullptr;
  }
  return ResolveMethod(all, options.method, err);
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

// A response over the size limit ends the call with RESOURCE_EXHAUSTED and a
// message about gRPC's channel argument; say which flag changes it.
void ExplainLimit(const grpc::Status& status, const Options& options,
                  const Io& io) {
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
      status.error_message().find("larger than max") == std::string::npos) {
    return;
  }
  int64_t limit = options.connection.max_message_bytes > 0
                      ? options.connection.max_message_bytes
                      : 4 * 1024 * 1024;
  *io.err << "rpccli: error: a response is larger than the " << limit
          << "-byte limit; raise it with --max-msg-sz\n";
}

// Turns how a call ended into what the user sees on stderr and the exit code.
int ReportOutcome(const CallOutcome& outcome, const ResponsePrinter& printer,
                  const StopSignals& stop_signals, const Codec& details_codec,
                  const Options& options, const Io& io) {
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
    std::vector<std::string> details =
        DecodeStatusDetails(outcome.status, details_codec);
    *io.err << (options.format.error_json
                    ? FormatStatusJson(outcome.status, details)
                    : FormatStatus(outcome.status, details));
    ExplainLimit(outcome.status, options, io);
    return kExitRpcBase + outcome.status.error_code();
  }
  return kExitOk;
}

// --max-time counts from the start: finding the method, reading the request
// and connecting are part of the call a script waits for.
std::chrono::system_clock::time_point CallDeadline(const Options& options) {
  if (options.connection.max_time_seconds <= 0) {
    return std::chrono::system_clock::time_point::max();
  }
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(
             static_cast<int64_t>(options.connection.max_time_seconds * 1000));
}

// With -v: the metadata that went each way.
void ReportMetadata(const Options& options, const Headers& sent,
                    const CallOutcome& outcome, const Io& io) {
  if (!options.verbose) return;
  bool show = options.metadata.show_secrets;
  *io.err << "Request metadata to send:\n"
          << FormatHeaders(sent, show) << "\nResponse headers received:\n"
          << FormatHeaders(outcome.headers, show)
          << "\nResponse trailers received:\n"
          << FormatHeaders(outcome.trailers, show) << "\n";
}

// With -vv: how long each step took, and the bytes each way.
void ReportTimings(const Options& options, const CallOutcome& outcome,
                   std::chrono::steady_clock::time_point start,
                   std::chrono::steady_clock::time_point connected,
                   const Io& io) {
  if (!options.very_verbose) return;
  auto ms = [start](std::chrono::steady_clock::time_point at) {
    return std::chrono::duration<double, std::milli>(at - start).count();
  };
  std::ostringstream text;
  text.setf(std::ios::fixed);
  text.precision(1);
  text << "Timing: connected after " << ms(connected)
       << " ms (name resolution, TCP and TLS together)";
  if (outcome.responses_received > 0) {
    text << ", first response after " << ms(outcome.first_response) << " ms";
  }
  text << ", total " << ms(std::chrono::steady_clock::now()) << " ms\n"
       << "Sizes: sent " << outcome.request_bytes << " bytes of messages, "
       << "received " << outcome.response_bytes << " bytes\n";
  *io.err << text.str();
}

int RunCall(const Options& options, const Io& io) {
  auto start = std::chrono::steady_clock::now();
  // First, before any thread exists: Ctrl-C must cancel the call, not kill
  // the process with the call half done.
  StopSignals stop_signals;
  auto deadline = CallDeadline(options);
  std::string err;

  // The method first: with .proto files, a typo costs no connection.
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) {
    return Fail(io, kExitFailure, err);
  }
  const pb::MethodDescriptor* method = FindMethod(options, &source, &err);
  if (method == nullptr) return Fail(io, kExitFailure, err);
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, {method->file()}, &err)) {
    return Fail(io, kExitFailure, err);
  }
  // The input next, still before the call: a single request is checked
  // in full here.
  Codec codec(source.pool(), options.format);
  CallRequests requests;
  if (!requests.Open(options, io.in, io.in_is_terminal, &codec, *method,
                     &err)) {
    return Fail(io, kExitFailure, err);
  }

  // Connect before calling, so a server that cannot be reached is told
  // apart from one that answered with an error.
  if (!WaitForConnection(channel.get(), options.connection, &err)) {
    return Fail(io, kExitFailure, options.connection.target + ": " + err);
  }
  auto connected = std::chrono::steady_clock::now();

  bool unary = !method->client_streaming() && !method->server_streaming();
  Call call(channel, WirePath(*method), headers.call, deadline, unary);
  stop_signals.SetHandler([&call] { call.Cancel(); });
  ResponsePrinter printer(&codec, method->output_type(), options.format.format,
                          io.out);
  CallOutcome outcome = call.Run(requests.stream(), &printer);
  stop_signals.SetHandler(nullptr);

  ReportMetadata(options, headers.call, outcome, io);
  // Error details are JSON whatever --format says, on one line each.
  FormatOptions details_format;
  details_format.compact = true;
  Codec details_codec(source.pool(), details_format);
  int code =
      ReportOutcome(outcome, printer, stop_signals, details_codec, options, io);
  ReportTimings(options, outcome, start, connected, io);
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

// Sanitizer builds end the normal way, so that the leak checker runs.
#if defined(__SANITIZE_ADDRESS__)
#define RPCCLI_NORMAL_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCCLI_NORMAL_EXIT 1
#endif
#endif

int EndProcess(int code, const Io& io) {
#ifndef RPCCLI_NORMAL_EXIT
  // Tearing down gRPC's global state (joining its threads among others)
  // took more CPU time than a unary call's own work; with the output
  // flushed, the process can end here.
  io.out->flush();
  io.err->flush();
  _exit(code);
#endif
  return code;
}

}  // namespace rpccli
