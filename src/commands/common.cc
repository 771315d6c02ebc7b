#include "common.h"

#include <signal.h>

#include <sstream>
#include <thread>

#include "../channel.h"
#include "../connect_wait.h"
#include "../curl_library.h"
#include "../http_call.h"
#include "../http_reflection.h"
#include "../printer.h"
#include "../protoset.h"
#include "../status_details.h"
#include "../symbol.h"

namespace rpccli {

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

int End(const Io& io, int code) {
  return io.end_process != nullptr ? io.end_process(code, io) : code;
}

namespace {

// --protocol connect or grpcweb: files, and the server's reflection over
// Connect, which carries its bidi stream over HTTP/2 only.
bool OpenSchemaOverHttp(const Options& options, const RequestHeaders& headers,
                        DescriptorSource* source, std::string* err) {
  const SchemaOptions& schema = options.schema;
  bool have_files = !schema.proto_files.empty() || !schema.protosets.empty();
  HttpSetup http;
  if (!HttpSetupFor(options.connection, &http, err)) return false;
  std::string no_reflection =
      http.protocol == Protocol::kGrpcWeb
          ? "gRPC-Web cannot carry reflection's bidi stream"
          : CannotCarry(http, MethodShape{true, true});
  if (!no_reflection.empty()) {
    if (have_files) return source->Open(schema, nullptr, err);
    *err = "--protocol " + options.connection.protocol +
           " takes the schema from files here: pass -p FILE or --protoset "
           "FILE (reflection is a bidi stream: " +
           no_reflection + ")";
    return false;
  }
  auto reflection = std::make_unique<ReflectionDatabase>(
      HttpReflectionStreams(http, headers.reflection),
      ConnectWaitSeconds(options.connection),
      ConnectWaitFlag(options.connection));
  if (!have_files) return source->Open(schema, std::move(reflection), err);
  if (!source->LoadFiles(schema, err)) return false;
  source->Complete(std::move(reflection));
  return true;
}

}  // namespace

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
  if (connection.protocol != "grpc") {
    return OpenSchemaOverHttp(options, *headers, source, err);
  }
  auto reflection = [&] {
    return std::make_unique<ReflectionDatabase>(*channel, headers->reflection,
                                                ConnectWaitSeconds(connection),
                                                ConnectWaitFlag(connection));
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

void ReportUnshownFields(const Codec& codec, const Io& io) {
  std::string unshown = codec.TakeUnshownFields();
  if (unshown.empty()) return;
  *io.err << "rpccli: warning: the response has fields the schema does not "
             "know, which JSON cannot show (field "
          << unshown << "); --format text shows them\n";
}

void ReportHeaderWarnings(const RequestHeaders& headers, const Io& io) {
  for (const std::string& warning : headers.warnings) {
    *io.err << "rpccli: warning: " << warning << "\n";
  }
}

// Says what was repaired in the server's reflection answers, with -v.
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io) {
  if (!options.verbose || source.reflection() == nullptr) return;
  for (const std::string& repair : source.Repairs()) {
    *io.err << "rpccli: repaired reflection: " << repair << "\n";
  }
}

// A reflection failure names the server and what to do instead.
std::string SchemaError(const Options& options, const std::string& err) {
  if (err == "does not support server reflection") {
    return options.connection.target + " " + err +
           "; pass -p FILE or --protoset FILE";
  }
  // A gRPC server holds a Connect stream unanswered until it ends, and
  // reflection's never ends: silence is what such a server says.
  if (options.connection.protocol == "connect" &&
      err.find("no reflection answer within") != std::string::npos) {
    return err +
           "; a server that speaks only gRPC never answers Connect's "
           "reflection stream (--protocol grpc?)";
  }
  return err;
}

bool WriteProtosetIfAsked(const Options& options,
                          const std::vector<const pb::FileDescriptor*>& files,
                          std::string* err) {
  if (options.schema.protoset_out.empty()) return true;
  return WriteProtoset(options.schema.protoset_out, files, err);
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
  std::vector<std::string> undescribed;
  std::string server_err;
  if (!source->Services(&all, &server_err, &undescribed)) {
    // With files, their "unknown method" (and nearest name) says more.
    if (local.empty()) *err = SchemaError(options, server_err);
    return nullptr;
  }
  method = ResolveMethod(all, options.method, err);
  // A near miss says more than a list of services that could not be seen.
  if (method == nullptr && !undescribed.empty() &&
      err->find("did you mean") == std::string::npos &&
      err->find("ambiguous") == std::string::npos) {
    *err += "; the server lists " + UndescribedNames(undescribed) +
            " but does not describe " +
            (undescribed.size() == 1 ? "it" : "them");
  }
  return method;
}

std::string UndescribedNames(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

namespace {

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
std::string ExplainLimit(const grpc::Status& status, const Options& options) {
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
      status.error_message().find("larger than max") == std::string::npos) {
    return "";
  }
  int64_t limit = options.connection.max_message_bytes > 0
                      ? options.connection.max_message_bytes
                      : 4 * 1024 * 1024;
  return "rpccli: error: a response is larger than the " +
         std::to_string(limit) + "-byte limit; raise it with --max-msg-sz\n";
}

// gRPC's only words for a response that ended with no gRPC status, which
// is what an answer that is not gRPC at all does (gRPC reads neither its
// content type nor its body): say what they mean.
std::string ExplainStreamRemoved(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNKNOWN ||
      status.error_message() != "Stream removed") {
    return "";
  }
  return "rpccli: error: the response ended without a gRPC status (\"Stream "
         "removed\" is all gRPC says of it): what answered may not speak "
         "gRPC, such as a proxy with an HTML error page\n";
}

}  // namespace

std::string DescribeFailedStatus(const grpc::Status& status,
                                 const Codec& details_codec,
                                 const Options& options) {
  std::vector<std::string> details = DecodeStatusDetails(status, details_codec);
  return (options.format.error_json ? FormatStatusJson(status, details)
                                    : FormatStatus(status, details)) +
         ExplainLimit(status, options) + ExplainStreamRemoved(status);
}

int FailInterrupted(const Io& io, const StopSignals& stop_signals,
                    const std::string& what) {
  int signal_number = stop_signals.received();
  return Fail(io, kExitSignalBase + signal_number,
              "interrupted by " + SignalName(signal_number) + "; " + what);
}

FormatOptions DetailsFormat() {
  FormatOptions format;
  format.compact = true;
  return format;
}

FormatOptions ResponseFormat(const Options& options) {
  FormatOptions format = options.format;
  if (options.events) {
    format.format = MessageFormat::kJson;
    format.compact = true;
  }
  return format;
}

std::chrono::system_clock::time_point DeadlineAfter(double seconds) {
  if (seconds <= 0) return std::chrono::system_clock::time_point::max();
  return std::chrono::system_clock::now() +
         std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

CallSetup SetupCalls(const Options& options, const MethodSchema& schema) {
  CallSetup setup;
  setup.wire_path = WirePath(*schema.method);
  setup.headers = schema.headers.call;
  // The flag's values are checked when it is read: gzip or deflate.
  const std::string& compression = options.connection.compression;
  if (compression == "gzip") setup.compression = GRPC_COMPRESS_GZIP;
  if (compression == "deflate") setup.compression = GRPC_COMPRESS_DEFLATE;
  return setup;
}

bool IsUnary(const pb::MethodDescriptor& method) {
  return !method.client_streaming() && !method.server_streaming();
}

MethodShape ShapeOf(const pb::MethodDescriptor& method) {
  return MethodShape{method.client_streaming(), method.server_streaming()};
}

Options OnceForAllCalls(const Options& options) {
  Options connecting = options;
  connecting.connection.max_time_seconds = 0;
  return connecting;
}

bool OpenMethod(const Options& options, const Io& io, MethodSchema* schema,
                std::string* err) {
  if (!OpenSchema(options, &schema->headers, &schema->source, &schema->channel,
                  err)) {
    return false;
  }
  ReportHeaderWarnings(schema->headers, io);
  schema->method = FindMethod(options, &schema->source, err);
  if (schema->method == nullptr) return false;
  ReportRepairs(options, schema->source, io);
  return WriteProtosetIfAsked(options, {schema->method->file()}, err);
}

bool HttpSetupForMethod(const Options& options,
                        const pb::MethodDescriptor& method, HttpSetup* http,
                        std::string* err, bool* usage) {
  if (!HttpSetupFor(options.connection, http, err)) return false;
  *err = CannotCarry(*http, ShapeOf(method));
  bool side_effect_free = method.options().idempotency_level() ==
                              pb::MethodOptions::NO_SIDE_EFFECTS &&
                          IsUnary(method);
  if (err->empty() && options.connection.connect_get && !side_effect_free) {
    *err =
        "--connect-get sends only a unary method marked side-effect free "
        "(option idempotency_level = NO_SIDE_EFFECTS), which this is not";
  }
  if (!err->empty()) {
    *err = method.full_name() + ": " + *err;
    *usage = true;
    return false;
  }
  return true;
}

bool RunnersFor(const Options& options, const MethodSchema& schema,
                std::vector<std::shared_ptr<grpc::Channel>> channels,
                const CallSetup& setup, int concurrency, RunnerFactory* make,
                std::string* err, bool* usage) {
  const pb::MethodDescriptor& method = *schema.method;
  if (options.connection.protocol == "grpc") {
    bool one_response = !method.server_streaming();
    *make = [channels, setup, one_response, concurrency] {
      return std::make_unique<CallRunner>(channels, setup, one_response,
                                          concurrency);
    };
    return true;
  }
  HttpSetup http;
  if (!HttpSetupForMethod(options, method, &http, err, usage)) return false;
  // libcurl 7.88 fails some calls that share an HTTP/2 connection
  // (CURLE_HTTP2, 2 in 3000 over TLS, most over h2c; curl/curl#5670):
  // many calls go over HTTP/1.1, a connection for each call in flight.
  if (http.version == HttpSetup::Version::kHttp2PriorKnowledge) {
    *err =
        "--batch and bench go over HTTP/1.1, not --http2-prior-knowledge: "
        "this libcurl fails calls that share an HTTP/2 connection";
    *usage = true;
    return false;
  }
  http.version = HttpSetup::Version::kHttp1;
  MethodShape shape = ShapeOf(method);
  *err = CannotCarry(http, shape);  // now over HTTP/1.1
  if (!err->empty()) {
    *err = method.full_name() + ": " + *err;
    *usage = true;
    return false;
  }
  if (LoadCurl(err) == nullptr) return false;
  *make = [http, setup, shape, concurrency] {
    return std::make_unique<HttpCallRunner>(http, setup, shape, concurrency);
  };
  return true;
}

}  // namespace rpccli
