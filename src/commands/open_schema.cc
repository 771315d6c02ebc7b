#include "commands/open_schema.h"

#include <sys/stat.h>

#include <thread>
#include <utility>

#include "base/text.h"
#include "commands/report.h"
#include "schema/http_reflection.h"
#include "schema/protoset.h"
#include "schema/symbol.h"
#include "transport/connect_wait.h"
#include "transport/grpc/channel.h"

namespace rpccli {

namespace pb = google::protobuf;

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
    *err = "--protocol " + ProtocolName(options.connection.protocol) +
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
  if (connection.protocol != Protocol::kGrpc) {
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

namespace {

using ReflectionFailure = ReflectionDatabase::Failure;

ReflectionFailure FailureOf(const DescriptorSource& source) {
  return source.reflection() == nullptr ? ReflectionFailure::kNone
                                        : source.reflection()->failure();
}

bool ReflectionFailed(const DescriptorSource& source) {
  return FailureOf(source) != ReflectionFailure::kNone;
}

// A reflection failure names the server and what to do instead.
std::string ExplainReflectionFailure(const Options& options,
                                     ReflectionFailure failure,
                                     const std::string& err) {
  if (failure == ReflectionFailure::kNoReflection) {
    return options.connection.target + " " + err +
           "; pass -p FILE or --protoset FILE";
  }
  // A gRPC server holds a Connect stream unanswered until it ends, and
  // reflection's never ends: silence is what such a server says.
  if (options.connection.protocol == Protocol::kConnect &&
      failure == ReflectionFailure::kNoAnswer) {
    return err +
           "; a server that speaks only gRPC never answers Connect's "
           "reflection stream (--protocol grpc?)";
  }
  return err;
}

}  // namespace

std::string SchemaError(const Options& options, const DescriptorSource& source,
                        const std::string& err) {
  // Only the stream's own failure is explained: the server may also have
  // answered with an error of its own while the stream went on.
  bool stream_failed =
      ReflectionFailed(source) && err == source.reflection()->stream_error();
  return stream_failed
             ? ExplainReflectionFailure(options, FailureOf(source), err)
             : err;
}

ReflectionWatch::ReflectionWatch(const DescriptorSource& source)
    : source_(source), failed_before_(ReflectionFailed(source)) {}

std::string ReflectionWatch::NewFailure() const {
  if (failed_before_ || !ReflectionFailed(source_)) return "";
  // No reflection at all is what most servers say, and what is said of the
  // type the files lack already says the schema lacks it.
  if (FailureOf(source_) == ReflectionFailure::kNoReflection) return "";
  return source_.reflection()->stream_error();
}

std::string ReflectionWatch::Blame(const Options& options,
                                   const std::string& err) const {
  std::string failure = NewFailure();
  if (failure.empty()) return err;
  // A lookup that waited out the time: the input was not to blame.
  if (FailureOf(source_) == ReflectionFailure::kNoAnswer) {
    return options.connection.target + ": " +
           SchemaError(options, source_, failure) +
           ", asked for a type the files lack";
  }
  return err + "; asked for a type the files lack, " +
         options.connection.target + ": " +
         SchemaError(options, source_, failure);
}

void ReflectionWatch::WarnIfFailed(const Options& options, const Io& io) const {
  std::string failure = NewFailure();
  if (failure.empty()) return;
  *io.err << "rpccli: warning: asked for a type the files lack, "
          << options.connection.target << ": "
          << SchemaError(options, source_, failure) << "\n";
}

namespace {

bool SameFile(const struct stat& a, const std::string& path) {
  struct stat b;
  return ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

}  // namespace

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
        std::make_pair("--reflect-header ",
                       &options.metadata.reflect_headers)}) {
    for (const std::string& header : *flag.second) {
      if (StartsWith(header, "@") && SameFile(written, header.substr(1))) {
        return flag.first + header;
      }
    }
  }
  for (const std::string& stubs : options.serve.stubs) {
    if (SameFile(written, stubs)) return "--stubs " + stubs;
  }
  for (const auto& flag :
       {std::make_pair("--cacert ", &options.connection.cacert),
        std::make_pair("--cert ", &options.connection.cert),
        std::make_pair("--key ", &options.connection.key),
        std::make_pair("--cacert ", &options.serve.cacert),
        std::make_pair("--cert ", &options.serve.cert),
        std::make_pair("--key ", &options.serve.key)}) {
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
  NameMiss miss = NameMiss::kNone;
  const pb::MethodDescriptor* method =
      local.empty() ? nullptr
                    : ResolveMethod(local, options.method, err, &miss);
  if (method != nullptr || miss == NameMiss::kAmbiguous ||
      source->reflection() == nullptr) {
    return method;
  }
  std::vector<const pb::ServiceDescriptor*> all;
  std::vector<std::string> undescribed;
  std::string server_err;
  if (!source->Services(&all, &server_err, &undescribed)) {
    // With files, their "unknown method" (and nearest name) says more.
    if (local.empty()) *err = SchemaError(options, *source, server_err);
    return nullptr;
  }
  method = ResolveMethod(all, options.method, err, &miss);
  // A near miss says more than a list of services that could not be seen.
  if (method == nullptr && !undescribed.empty() && miss == NameMiss::kUnknown) {
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

}  // namespace rpccli
