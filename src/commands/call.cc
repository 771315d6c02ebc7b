// rpccli call: one call of any kind, requests from the input, responses
// printed as they arrive.
#include <sstream>

#include "commands/call_setup.h"
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "input/input.h"
#include "schema/symbol.h"
#include "show/printer.h"
#include "show/status_details.h"
#include "transport/grpc/channel.h"
#include "transport/grpc/grpc_call.h"
#include "transport/http/http_call.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// With -v: the metadata that went each way.
void ReportMetadata(const Options& options, const pb::MethodDescriptor& method,
                    const CallSetup& setup, const CallOutcome& outcome,
                    const Io& io) {
  if (!options.verbose) return;
  bool show = options.metadata.show_secrets;
  Headers sent = setup.headers;
  // gRPC, and the HTTP transport, add this one themselves; a Connect GET
  // says it in its query instead.
  if (!options.connection.compression.empty() &&
      !options.connection.connect_get) {
    Protocol protocol = options.connection.protocol;
    std::string header = protocol == Protocol::kGrpc
                             ? "grpc-encoding"
                             : CompressionHeader(protocol, ShapeOf(method));
    sent.emplace_back(header, options.connection.compression);
  }
  // An empty section says so, rather than leaving a blank to wonder about,
  // and tells none from empty where that is known.
  auto section = [show](const Headers& headers, bool arrived = true) {
    if (!headers.empty()) return FormatHeaders(headers, show);
    return std::string(arrived ? "(empty)\n" : "(none arrived)\n");
  };
  *io.err << "Request metadata to send:\n"
          << section(sent) << "\nResponse headers received:\n"
          << section(outcome.headers, outcome.headers_arrived)
          << "\nResponse trailers received:\n"
          << section(outcome.trailers, outcome.trailers_arrived) << "\n";
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
  bool plaintext =
      ParseTarget(options.connection.target, options.connection.plaintext)
          .plaintext;
  text << "Timing: connected after " << ms(connected)
       << (plaintext ? " ms (name resolution and TCP together)"
                     : " ms (name resolution, TCP and TLS together)");
  if (outcome.responses_received > 0) {
    text << ", first response after " << ms(outcome.first_response) << " ms";
  }
  text << ", total " << ms(std::chrono::steady_clock::now()) << " ms\n"
       << "Sizes: sent " << outcome.request_bytes << " bytes of messages, "
       << "received " << outcome.response_bytes << " bytes\n";
  *io.err << text.str();
}

// Turns how the call ended into what the user sees on stderr and the
// exit code.
int ReportOutcome(const CallOutcome& outcome, const ResponsePrinter& printer,
                  const StopSignals& stop_signals,
                  const DescriptorSource& source, const Options& options,
                  const Io& io) {
  switch (outcome.end) {
    case CallOutcome::End::kBadRequest:
      // Mid-stream, the server has had the earlier ones: say so.
      return Fail(
          io, kExitFailure,
          outcome.request_error +
              (outcome.requests_sent == 0
                   ? ""
                   : "; up to " + std::to_string(outcome.requests_sent) +
                         " earlier request(s) were sent, and the "
                         "call was cancelled"));
    case CallOutcome::End::kSinkFailed:
      if (printer.satisfied()) {
        if (options.verbose) *io.err << printer.SatisfiedReason() << "\n";
        return io.out->flush().good() ? kExitOk : kExitOutputClosed;
      }
      if (printer.error().empty()) return kExitOutputClosed;  // as `| head`
      return Fail(io, kExitFailure, printer.error());
    case CallOutcome::End::kCancelled:
      return FailInterrupted(io, stop_signals, "the call was cancelled");
    case CallOutcome::End::kTransportFailed:
      return Fail(io, kExitFailure,
                  options.connection.target + ": " + outcome.request_error);
    case CallOutcome::End::kFinished:
      break;
  }
  if (outcome.status.ok()) return kExitOk;
  Codec details_codec(source.pool(), DetailsFormat());
  *io.err << DescribeFailedStatus(outcome.status, details_codec, options);
  return kExitRpcBase + outcome.status.error_code();
}

// --events: the trailers and the status close the call's events. False if
// stdout is closed.
bool PrintEndEvents(const CallOutcome& outcome, ResponsePrinter& printer,
                    const DescriptorSource& source, const Io& io) {
  if (outcome.end == CallOutcome::End::kSinkFailed && printer.error().empty() &&
      !printer.satisfied()) {
    return false;  // stdout was closed
  }
  Codec details_codec(source.pool(), DetailsFormat());
  return printer.PrintEnd(outcome,
                          DecodeStatusDetails(outcome.status, details_codec)) &&
         io.out->flush().good();
}

}  // namespace

int RunCall(const Options& options, const Io& io) {
  auto start = std::chrono::steady_clock::now();
  // First, before any thread exists: Ctrl-C must cancel the call, not kill
  // the process with the call half done.
  StopSignals stop_signals;
  // --max-time counts from the start: finding the method, reading the
  // request and connecting are part of the call a script waits for.
  auto deadline = DeadlineAfter(options.connection.max_time_seconds);
  std::string err;

  // The method first: with .proto files, a typo costs no connection.
  MethodSchema schema;
  if (!OpenMethod(options, io, &schema, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  const pb::MethodDescriptor& method = *schema.method;
  // The input next, still before the call: a single request is checked
  // in full here.
  Codec codec(schema.source.pool(), options.format);
  CallRequests requests;
  ReflectionWatch reflection(schema.source);
  if (!requests.Open(options, io.in, io.in_is_terminal, &codec, method, &err,
                     deadline)) {
    return End(io, Fail(io, kExitFailure, reflection.Blame(options, err)));
  }
  if (requests.reads_terminal()) {
    *io.err
        << "rpccli: type the requests of " << method.full_name()
        << (options.format.format == MessageFormat::kText
                ? " in text format, separated by Ctrl-^ (the record separator)"
                : ", one JSON object each")
        << "; Ctrl-D ends the stream\n";
    io.err->flush();
  }

  CallSetup setup = SetupCalls(options, schema);
  setup.deadline = deadline;
  std::unique_ptr<CallEngine> call;
  if (options.connection.protocol == Protocol::kGrpc) {
    // Connect before calling, so a server that cannot be reached is told
    // apart from one that answered with an error.
    if (!WaitForConnection(schema.channel.get(), options.connection, &err)) {
      return End(
          io, Fail(io, kExitFailure, options.connection.target + ": " + err));
    }
    call = std::make_unique<GrpcCall>(schema.channel, setup,
                                  !method.server_streaming());
  } else {
    // libcurl connects as the call starts: a server that cannot be
    // reached ends it with kTransportFailed, told the same way.
    HttpSetup http;
    bool usage = false;
    if (!HttpSetupForMethod(options, method, &http, &err, &usage)) {
      return End(io, Fail(io, usage ? kExitUsage : kExitFailure, err));
    }
    call = std::make_unique<HttpCall>(http, setup, ShapeOf(method));
  }
  auto connected = std::chrono::steady_clock::now();
  stop_signals.SetHandler([&call] { call->Cancel(); });
  // --events prints JSON whatever format the requests are read in.
  std::unique_ptr<Codec> events_codec;
  if (options.events) {
    events_codec =
        std::make_unique<Codec>(schema.source.pool(), ResponseFormat(options));
  }
  ResponsePrinter printer(options.events ? events_codec.get() : &codec,
                          method.output_type(), ResponseFormat(options).format,
                          io.out);
  if (options.events) printer.PrintEvents(/*call_number=*/1);
  // A single response is the answer, never a stream to cut short.
  if (method.server_streaming() && options.max_responses > 0) {
    printer.StopAfter(options.max_responses);
  }
  CallOutcome outcome = call->Run(requests.stream(), &printer);
  stop_signals.SetHandler(nullptr);
  if (outcome.end == CallOutcome::End::kBadRequest) {
    outcome.request_error = reflection.Blame(options, outcome.request_error);
  }
  if (options.events && !PrintEndEvents(outcome, printer, schema.source, io)) {
    return End(io, kExitOutputClosed);
  }

  // A request that could not be read before any was sent leaves no call
  // to tell about: only the error.
  bool no_call = outcome.end == CallOutcome::End::kBadRequest &&
                 outcome.requests_sent == 0;
  if (!no_call) ReportMetadata(options, method, setup, outcome, io);
  int code =
      ReportOutcome(outcome, printer, stop_signals, schema.source, options, io);
  ReportJsonWarnings(options.events ? *events_codec : codec, io);
  if (outcome.end != CallOutcome::End::kBadRequest) {
    reflection.WarnIfFailed(options, io);
  }
  if (outcome.connected != std::chrono::steady_clock::time_point()) {
    connected = outcome.connected;  // the HTTP transport connects in the call
  }
  if (!no_call) ReportTimings(options, outcome, start, connected, io);
  if (options.verbose && code != kExitOutputClosed && !no_call) {
    *io.err << "Sent " << outcome.requests_sent << " request(s) and received "
            << outcome.responses_received << " response(s)\n";
  }
  return End(io, code);
}

}  // namespace rpccli
