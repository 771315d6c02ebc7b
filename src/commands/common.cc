#include "common.h"

#include <signal.h>
#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <sstream>
#include <thread>
#include <utility>

#include "../channel.h"
#include "../connect_wait.h"
#include "../curl_library.h"
#include "../http_call.h"
#include "../http_reflection.h"
#include "../http_transfer.h"
#include "../printer.h"
#include "../protoset.h"
#include "../status_details.h"
#include "../symbol.h"
#include "../text.h"
#include "../utf8.h"

namespace rpccli {

namespace pb = google::protobuf;

// Prints `message` as `rpccli: error: ...`, one such line per line of it.
// What it quotes (a JSON key, a file's text, a server's words) may hold
// control characters: escaped here, once for every error.
int Fail(const Io& io, int code, const std::string& message) {
  // One line, whatever it quotes (a newline typed in a name, a value of
  // megabytes): escaped, and its middle cut, as the end says what is wrong.
  constexpr size_t kEachEnd = 2048;
  std::string_view text = message;
  *io.err << "rpccli: error: ";
  if (text.size() <= 2 * kEachEnd + 64) {
    *io.err << EscapeControls(text);
  } else {
    std::string_view head = CutAtCodePoint(text, kEachEnd);
    size_t tail_at = text.size() - kEachEnd;
    while (tail_at < text.size() &&
           (static_cast<unsigned char>(text[tail_at]) & 0xC0) == 0x80) {
      ++tail_at;  // not inside a character
    }
    *io.err << EscapeControls(head) << "[... "
            << tail_at - head.size() << " bytes ...]"
            << EscapeControls(text.substr(tail_at));
  }
  *io.err << "\n";
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
  return source->LoadFiles(schema, err) &&
         source->Complete(std::move(reflection), err);
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
    return std::make_unique<ReflectionDatabase>(
        GrpcReflectionStreams(
            *channel, headers->reflection,
            ParseTarget(connection.target, connection.plaintext).path_prefix),
        ConnectWaitSeconds(connection), ConnectWaitFlag(connection));
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
  return files_loaded && source->Complete(reflection(), err);
}

const char kNameClashOutcome[] =
    ": printed by .proto names (as by --proto-names); as input, a key that "
    "names two fields is refused, and text format (--format text) sets each";

void ReportJsonWarnings(const Codec& codec, const Io& io) {
  std::string clashes = codec.TakeNameClashes();
  if (!clashes.empty()) {
    *io.err << "rpccli: warning: " << EscapeControls(clashes)
            << kNameClashOutcome << "\n";
  }
  std::string unshown = codec.TakeUnshownFields();
  if (unshown.empty()) return;
  *io.err << "rpccli: warning: the response has fields JSON cannot show "
             "(field "
          << unshown << "); --format text shows them\n";
}

void ReportHeaderWarnings(const RequestHeaders& headers, const Io& io) {
  for (const std::string& warning : headers.warnings) {
    *io.err << "rpccli: warning: " << EscapeControls(warning) << "\n";
  }
}

// Says, with -v, what was repaired in the server's reflection answers and
// what was changed to read the schema (editions files read as proto2 or
// proto3, a weak import left out).
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io) {
  if (!options.verbose) return;
  for (const std::string& note : source.Notes()) {
    *io.err << "rpccli: " << EscapeControls(note) << "\n";
  }
  for (const std::string& repair : source.Repairs()) {
    *io.err << "rpccli: repaired reflection: " << EscapeControls(repair)
            << "\n";
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

namespace {

bool ReflectionFailed(const DescriptorSource& source) {
  return source.reflection() != nullptr &&
         !source.reflection()->stream_error().empty();
}

}  // namespace

ReflectionWatch::ReflectionWatch(const DescriptorSource& source)
    : source_(source), failed_before_(ReflectionFailed(source)) {}

std::string ReflectionWatch::NewFailure() const {
  if (failed_before_ || !ReflectionFailed(source_)) return "";
  const std::string& failure = source_.reflection()->stream_error();
  // No reflection at all is what most servers say, and what is said of the
  // type the files lack already says the schema lacks it.
  if (failure == "does not support server reflection") return "";
  return failure;
}

std::string ReflectionWatch::Blame(const Options& options,
                                   const std::string& err) const {
  std::string failure = NewFailure();
  if (failure.empty()) return err;
  // A lookup that waited out the time: the input was not to blame.
  if (failure.find("no reflection answer within") != std::string::npos) {
    return options.connection.target + ": " + SchemaError(options, failure) +
           ", asked for a type the files lack";
  }
  return err + "; asked for a type the files lack, " +
         options.connection.target + ": " + SchemaError(options, failure);
}

void ReflectionWatch::WarnIfFailed(const Options& options, const Io& io) const {
  std::string failure = NewFailure();
  if (failure.empty()) return;
  *io.err << "rpccli: warning: asked for a type the files lack, "
          << options.connection.target << ": " << SchemaError(options, failure)
          << "\n";
}

namespace {

bool SameFile(const struct stat& a, const std::string& path) {
  struct stat b;
  return ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

// The flag naming `out` if it is a file this command read (a protoset, a
// .proto file under an import root, the request, a header file, a TLS
// file): written over, it would be lost.
std::string ReadFrom(const Options& options,
                     const std::vector<const pb::FileDescriptor*>& used,
                     const std::string& out) {
  const SchemaOptions& schema = options.schema;
  struct stat written;
  if (::stat(out.c_str(), &written) != 0) return "";  // a new file
  if (options.has_data && StartsWith(options.data, "@") &&
      options.data != "@-" && SameFile(written, options.data.substr(1))) {
    return "the request " + options.data;
  }
  for (const auto& flag :
       {std::make_pair("-H ", &options.metadata.headers),
        std::make_pair("--rpc-header ", &options.metadata.rpc_headers),
        std::make_pair("--reflect-header ", &options.metadata.reflect_headers)}) {
    for (const std::string& header : *flag.second) {
      if (StartsWith(header, "@") && SameFile(written, header.substr(1))) {
        return flag.first + header;
      }
    }
  }
  for (const auto& flag :
       {std::make_pair("--cacert ", &options.connection.cacert),
        std::make_pair("--cert ", &options.connection.cert),
        std::make_pair("--key ", &options.connection.key)}) {
    if (!flag.second->empty() && SameFile(written, *flag.second)) {
      return flag.first + *flag.second;
    }
  }
  for (const std::string& protoset : schema.protosets) {
    if (SameFile(written, protoset)) return "--protoset " + protoset;
  }
  for (const std::string& proto : schema.proto_files) {
    if (SameFile(written, proto)) return "-p " + proto;
  }
  std::vector<const pb::FileDescriptor*> files = WithImports(used);
  std::vector<std::string> roots = schema.import_paths;
  if (roots.empty()) roots.push_back(".");
  for (const std::string& root : roots) {
    for (const pb::FileDescriptor* file : files) {
      if (SameFile(written, root + "/" + file->name())) {
        return "the import of " + file->name() + " under -I " + root;
      }
    }
  }
  return "";
}

}  // namespace

bool WriteProtosetIfAsked(const Options& options,
                          const DescriptorSource& source,
                          const std::vector<const pb::FileDescriptor*>& files,
                          std::string* err) {
  if (options.schema.protoset_out.empty()) return true;
  std::string input = ReadFrom(options, files, options.schema.protoset_out);
  if (!input.empty()) {
    *err = options.schema.protoset_out +
           " (--protoset-out): it is a file this command read (" + input +
           "); writing the set there would lose it: name another file";
    return false;
  }
  return WriteProtoset(
      options.schema.protoset_out, files, err,
      [&source](const std::string& name) { return source.WrittenAs(name); });
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
  // "received message larger than max (N vs. LIMIT)": a length no flag can
  // allow is more likely a broken frame than a message.
  long long announced = 0, refused_at = 0;
  size_t open = status.error_message().find('(');
  int read = open == std::string::npos
                 ? 0
                 : std::sscanf(status.error_message().c_str() + open + 1,
                               "%lld vs. %lld", &announced, &refused_at);
  if (read >= 1 && announced > INT32_MAX) {
    return "rpccli: error: a response's length prefix says " +
           std::to_string(announced) +
           " bytes, past the most --max-msg-sz allows (2147483647): the "
           "server sent a broken frame, or a message no gRPC client takes\n";
  }
  // Servers say it in the same words of a request over their own limit:
  // a limit that is not rpccli's is theirs.
  if (read == 2 && refused_at != limit) {
    return "rpccli: error: the server takes messages of at most " +
           std::to_string(refused_at) + " bytes, and a request of " +
           std::to_string(announced) +
           " went past it (--max-msg-sz is rpccli's limit on responses)\n";
  }
  // rpccli's default is also gRPC servers': either side may have said it.
  if (options.connection.max_message_bytes == 0) {
    return "rpccli: error: a message is larger than the " +
           std::to_string(limit) +
           "-byte limit: a response, past rpccli's (raise it with "
           "--max-msg-sz), or a request, past the server's own\n";
  }
  return "rpccli: error: a response is larger than the " +
         std::to_string(limit) + "-byte limit; raise it with --max-msg-sz\n";
}

// Headers past a limit end the call with RESOURCE_EXHAUSTED in gRPC's
// words, whichever side's limit it was: name both.
std::string ExplainHeaderLimit(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
      status.error_message().find("metadata size exceeds limit") ==
          std::string::npos) {
    return "";
  }
  return "rpccli: error: headers were past a size limit: the request's at "
         "the server (gRPC servers take 8 KiB by default; send fewer or "
         "smaller -H headers), or the response's at rpccli (1 MiB)\n";
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
         "gRPC, such as a proxy with an HTML error page, or sent headers "
         "gRPC refuses (a grpc-status-details-bin that is not base64)\n";
}

}  // namespace

std::string DescribeFailedStatus(const grpc::Status& status,
                                 const Codec& details_codec,
                                 const Options& options) {
  std::vector<std::string> details = DecodeStatusDetails(status, details_codec);
  return (options.format.error_json ? FormatStatusJson(status, details)
                                    : FormatStatus(status, details)) +
         ExplainLimit(status, options) + ExplainHeaderLimit(status) +
         ExplainStreamRemoved(status);
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
  // Over HTTP the URL's path is in the base URL already.
  setup.wire_path =
      (options.connection.protocol == "grpc"
           ? ParseTarget(options.connection.target, false).path_prefix
           : "") +
      WirePath(*schema.method);
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
  return WriteProtosetIfAsked(options, schema->source, {schema->method->file()},
                              err);
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
  const CurlLibrary* curl = LoadCurl(err);
  if (curl == nullptr) return false;
  // As gRPC waits for its channel: one error, not one per call.
  if (!HttpTransfer::Create(http, setup, shape)->Connect(curl, err)) {
    *err = options.connection.target + ": " + *err;
    return false;
  }
  *make = [http, setup, shape, concurrency] {
    return std::make_unique<HttpCallRunner>(http, setup, shape, concurrency);
  };
  return true;
}

}  // namespace rpccli
