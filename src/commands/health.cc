// rpccli health: the standard health check, grpc.health.v1.Health, built
// in so that no schema is needed: Check once, or --watch to follow Watch.
// The exit code says the status, for container probes and scripts.
#include "commands/call_setup.h"
#include "commands/commands.h"
#include "commands/report.h"
#include "health.pb.h"
#include "input/request_stream.h"
#include "show/printer.h"
#include "transport/grpc/channel.h"
#include "transport/grpc/grpc_call.h"

namespace rpccli {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// Prints each status as it comes, and keeps the last.
class StatusPrinter : public ResponseSink {
 public:
  explicit StatusPrinter(std::ostream* out) : out_(out) {}

  bool OnResponse(const std::string& bytes) override {
    HealthCheckResponse response;
    if (!response.ParseFromString(bytes)) {
      error_ = "the server's health answer is not a HealthCheckResponse";
      return false;
    }
    last_ = response.status();
    received_ = true;
    *out_ << Name(last_) << "\n";
    return out_->good();
  }
  bool OnIdle() override { return out_->flush().good(); }

  static std::string Name(int status) {
    return HealthCheckResponse::ServingStatus_IsValid(status)
               ? HealthCheckResponse::ServingStatus_Name(
                     static_cast<HealthCheckResponse::ServingStatus>(status))
               : "UNKNOWN (" + std::to_string(status) + ")";
  }

  /// Whether a status came, and the last one (any number: a server may
  /// send one the enum lacks, negative too).
  bool received() const { return received_; }
  int last() const { return last_; }
  const std::string& error() const { return error_; }

 private:
  std::ostream* out_;
  bool received_ = false;
  int last_ = 0;
  std::string error_;
};

int ExitCodeOf(int status) {
  switch (status) {
    case HealthCheckResponse::SERVING:
      return kExitOk;
    case HealthCheckResponse::NOT_SERVING:
      return kExitNotServing;
    case HealthCheckResponse::SERVICE_UNKNOWN:
      return kExitServiceUnknown;
    default:
      return kExitHealthUnknown;
  }
}

}  // namespace

int RunHealth(const Options& options, const Io& io) {
  // First, before any thread exists: Ctrl-C ends a --watch cleanly.
  StopSignals stop_signals;
  std::string err;
  RequestHeaders headers;
  if (!ParseRequestHeaders(options.metadata, &headers, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  ReportHeaderWarnings(headers, io);
  const std::string& target = options.connection.target;
  std::shared_ptr<grpc::Channel> channel;
  if (!CreateChannel(options.connection, &channel, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  if (!WaitForConnection(channel.get(), options.connection, &err)) {
    return End(io, Fail(io, kExitFailure, target + ": " + err));
  }

  HealthCheckRequest request;
  request.set_service(options.symbol);
  ListRequestStream requests({request.SerializeAsString()});
  StatusPrinter printer(io.out);
  GrpcCall call(channel,
            ParseTarget(options.connection.target, false).path_prefix +
                (options.watch ? "/grpc.health.v1.Health/Watch"
                               : "/grpc.health.v1.Health/Check"),
            headers.call, DeadlineAfter(options.connection.max_time_seconds),
            /*one_response=*/!options.watch);
  stop_signals.SetHandler([&call] { call.Cancel(); });
  CallOutcome outcome = call.Run(&requests, &printer);
  stop_signals.SetHandler(nullptr);

  switch (outcome.end) {
    case CallOutcome::End::kCancelled:
      return End(io,
                 FailInterrupted(io, stop_signals,
                                 options.watch ? "stopped watching"
                                               : "the check was cancelled"));
    case CallOutcome::End::kSinkFailed:
      if (printer.error().empty()) return End(io, kExitOutputClosed);
      return End(io, Fail(io, kExitFailure, target + ": " + printer.error()));
    case CallOutcome::End::kBadRequest:       // the request is built here
    case CallOutcome::End::kTransportFailed:  // a gRPC call never is
    case CallOutcome::End::kFinished:
      break;
  }
  const grpc::Status& status = outcome.status;
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    return End(io, Fail(io, kExitRpcBase + status.error_code(),
                        target + " has no health service "
                                 "(grpc.health.v1.Health): Unimplemented"));
  }
  // Check says NOT_FOUND for a service the server does not know, where
  // Watch says SERVICE_UNKNOWN: both read the same.
  if (!options.watch && status.error_code() == grpc::StatusCode::NOT_FOUND) {
    *io.out << StatusPrinter::Name(HealthCheckResponse::SERVICE_UNKNOWN)
            << "\n";
    return End(io, kExitServiceUnknown);
  }
  if (!status.ok() &&
      !(options.watch && printer.received() &&
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)) {
    // As call says it: the details decoded, and what a bare "Stream
    // removed" or a limit means.
    Codec details_codec(google::protobuf::DescriptorPool::generated_pool(),
                        DetailsFormat());
    *io.err << DescribeFailedStatus(status, details_codec, options);
    return End(io, kExitRpcBase + status.error_code());
  }
  // A watch that the server ended before any status: nothing to go by.
  if (!printer.received()) {
    return End(io, Fail(io, kExitHealthUnknown,
                        target + " ended the watch without sending a status"));
  }
  // A watch that --max-time ends says the last status it saw.
  return End(io, ExitCodeOf(printer.last()));
}

}  // namespace rpccli
