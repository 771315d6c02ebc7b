// rpccli serve: a mock server from the schema alone. Every method of the
// schema's services answers from the stubs; reflection (v1 and v1alpha)
// and the standard health service come with it, so that any client can
// call it with no files.
#include <grpcpp/ext/health_check_service_server_builder_option.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "base/stop_signals.h"
#include "base/text.h"
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "schema/descriptor_source.h"
#include "serve/call_recorder.h"
#include "serve/mock_service.h"
#include "serve/reflection_answers.h"
#include "serve/stub_watcher.h"
#include "serve/stubs.h"
#include "transport/tls_files.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Calls in flight get this long to end once a signal stops the server;
// then they are cancelled.
constexpr auto kShutdownGrace = std::chrono::seconds(2);

// gRPC's own log lines stay off stderr (serve says what failed, once, in
// its words), but its last error is kept: it says why a port or a
// certificate was refused. Someone who sets gRPC's debugging variables
// asked for its logs, though.
std::mutex grpc_error_mutex;
std::string last_grpc_error;

void KeepGrpcErrors() {
  if (std::getenv("GRPC_TRACE") || std::getenv("GRPC_VERBOSITY")) return;
  gpr_set_log_function([](gpr_log_func_args* args) {
    if (args->severity != GPR_LOG_SEVERITY_ERROR) return;
    std::lock_guard<std::mutex> lock(grpc_error_mutex);
    last_grpc_error = args->message;
  });
}

// The last error gRPC logged, said plainly: the system's own words if it
// quotes them (os_error:"Address already in use"), else its description,
// less its status code and its source positions.
std::string LastGrpcError() {
  std::string text;
  {
    std::lock_guard<std::mutex> lock(grpc_error_mutex);
    text = last_grpc_error;
  }
  const std::string kOsError = "os_error:\"";
  size_t os_error = text.find(kOsError);
  if (os_error != std::string::npos) {
    size_t start = os_error + kOsError.size();
    return text.substr(start, text.find('"', start) - start);
  }
  text = text.substr(0, text.find(" {"));
  if (StartsWith(text, "UNKNOWN:")) text = text.substr(8);
  return text;
}

// TLS, or mutual TLS with --cacert, from PEM files; else plaintext.
bool ServerCredentials(const ServeOptions& serve,
                       std::shared_ptr<grpc::ServerCredentials>* credentials,
                       std::string* err) {
  if (serve.cert.empty() != serve.key.empty()) {
    *err = "--cert and --key go together: serving TLS needs both";
    return false;
  }
  if (serve.cert.empty()) {
    if (!serve.cacert.empty()) {
      *err =
          "--cacert asks clients for certificates over TLS: give --cert "
          "and --key too";
      return false;
    }
    *credentials = grpc::InsecureServerCredentials();
    return true;
  }
  // Checked as the client's are: gRPC would only fail to listen, and say
  // why in its log.
  ConnectionOptions files;
  files.cacert = serve.cacert;
  files.cert = serve.cert;
  files.key = serve.key;
  TlsFiles pem;
  if (!ReadTlsFiles(files, &pem, err)) return false;
  grpc::SslServerCredentialsOptions tls;
  tls.pem_root_certs = pem.ca;
  tls.pem_key_cert_pairs.push_back({pem.key, pem.cert});
  if (!serve.cacert.empty()) {
    tls.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  *credentials = grpc::SslServerCredentials(tls);
  return true;
}

// A connection's error as --from gets it: the advice is call's, whose
// flags serve does not have (its --cacert is for clients' certificates).
std::string FromAdvice(std::string err) {
  const std::pair<const char*, const char*> kInstead[] = {
      {"add --plaintext", "give --from http://HOST:PORT"},
      {"pass its CA with --cacert, or skip the check with --insecure",
       "trust its CA with SSL_CERT_FILE=CA.pem"},
      {"or skip the check with --insecure", "or copy from another server"},
  };
  for (const auto& [call_says, serve_says] : kInstead) {
    size_t at = err.find(call_says);
    if (at != std::string::npos) {
      err.replace(at, std::string(call_says).size(), serve_says);
    }
  }
  return err;
}

// The files and protosets, or with --from a live server's schema copied
// by reflection; its own reflection and health services are left out,
// since serve brings its own.
bool OpenServedSchema(const Options& options, DescriptorSource* source,
                      std::vector<const pb::ServiceDescriptor*>* services,
                      std::string* err) {
  if (options.serve.from.empty()) {
    if (!source->Open(options.schema, nullptr, err)) return false;
    *services = source->LocalServices();
    return true;
  }
  RequestHeaders headers;
  std::shared_ptr<grpc::Channel> channel;
  std::vector<const pb::ServiceDescriptor*> all;
  if (!OpenSchema(options, &headers, source, &channel, err) ||
      !source->Services(&all, err)) {
    *err = "--from: " + FromAdvice(SchemaError(options, *source, *err));
    return false;
  }
  for (const pb::ServiceDescriptor* service : all) {
    const std::string& name = service->full_name();
    if (!StartsWith(name, "grpc.reflection.") &&
        name != "grpc.health.v1.Health") {
      services->push_back(service);
    }
  }
  return true;
}

// gRPC listens on a unix socket by removing what is at its path: another
// server's socket would be taken over, silently.
bool CheckUnixPath(const std::string& listen, std::string* err) {
  if (!StartsWith(listen, "unix:")) return true;
  std::string path = listen.substr(5);
  if (StartsWith(path, "//")) path = path.substr(2);  // unix:///abs/path
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return true;
  if (!S_ISSOCK(status.st_mode)) {
    *err = "--listen " + listen + ": " + path + " exists and is no socket";
    return false;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) return true;  // gRPC says
  path.copy(address.sun_path, path.size());
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool answered = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address),
                                     sizeof(address)) == 0;
  if (fd >= 0) close(fd);
  if (answered) {
    *err = "--listen " + listen + ": a server listens there already";
    return false;
  }
  return true;  // a socket left behind, which gRPC replaces
}

// The address as clients reach it: port 0 becomes the port picked.
std::string ListeningOn(const std::string& listen, int port) {
  if (StartsWith(listen, "unix:") || StartsWith(listen, "unix-abstract:")) {
    return listen;
  }
  size_t colon = listen.rfind(':');
  return listen.substr(0, colon + 1) + std::to_string(port);
}

}  // namespace

int RunServe(const Options& options, const Io& io) {
  // First, before gRPC's threads: a signal stops the server cleanly.
  StopSignals stop_signals;
  KeepGrpcErrors();
  std::string err;
  DescriptorSource source;
  std::vector<const pb::ServiceDescriptor*> services;
  if (!OpenServedSchema(options, &source, &services, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  if (services.empty()) {
    return End(io, Fail(io, kExitFailure,
                        "the schema has no service to serve: give the "
                        ".proto files or protosets that define one"));
  }
  FormatOptions format;
  format.compact = true;
  Codec codec(source.pool(), format);
  // Taken before the files are read: a change from then on is reloaded.
  std::vector<FileStamp> loaded = StampsOf(options.serve.stubs);
  auto stubs = std::make_shared<Stubs>();
  if (!stubs->Load(options.serve.stubs, services, codec, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  std::vector<std::string> names;
  for (const pb::ServiceDescriptor* service : services) {
    names.push_back(service->full_name());
  }
  std::vector<std::string> listed = names;
  for (const char* built_in :
       {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection"}) {
    listed.push_back(built_in);
  }
  ReflectionAnswers reflection(source.pool(), listed);
  std::vector<const pb::FileDescriptor*> files = source.LoadedFiles();
  if (!WriteProtosetIfAsked(options, source, files, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  CallRecorder recorder(io.err);
  if (!options.serve.record.empty()) {
    std::string input = ReadFrom(options, files, options.serve.record);
    if (!input.empty()) {
      return End(io, Fail(io, kExitFailure,
                          options.serve.record + " (--record): it is " + input +
                              ", which serve reads: record elsewhere"));
    }
    if (!recorder.Open(options.serve.record, &err)) {
      return End(io, Fail(io, kExitFailure, err));
    }
  }
  MockService service(source.pool(), stubs, &codec, &reflection,
                      recorder.open() ? &recorder : nullptr, options.serve.fake,
                      options.serve.seed);

  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!ServerCredentials(options.serve, &credentials, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  if (!CheckUnixPath(options.serve.listen, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  // A port in use is an error, not a second server sharing it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(options.serve.listen, credentials, &port);
  builder.RegisterCallbackGenericService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  bool unix_socket = StartsWith(options.serve.listen, "unix:");
  if (server == nullptr || (!unix_socket && port == 0)) {
    std::string why = LastGrpcError();
    if (why.find("secure server") != std::string::npos) {
      return End(io, Fail(io, kExitFailure,
                          "--cert " + options.serve.cert + " and --key " +
                              options.serve.key +
                              ": gRPC cannot serve TLS with them (" + why +
                              "): is the key the certificate's, and not "
                              "encrypted?"));
    }
    return End(
        io, Fail(io, kExitFailure,
                 "--listen " + options.serve.listen + ": cannot listen there" +
                     (why.empty() ? "" : ": " + why)));
  }
  for (const std::string& name : names) {
    server->GetHealthCheckService()->SetServingStatus(name, true);
  }
  // A signal lets the calls in flight end, for a moment, then cancels
  // them; the process then exits 0, as servers stopped on purpose do. The
  // signal thread only says so: it must stay free to read a second
  // signal, which ends the process at once.
  std::mutex stop_mutex;
  std::condition_variable stop_asked;
  bool stopping = false;
  stop_signals.SetHandler([&] {
    std::lock_guard<std::mutex> lock(stop_mutex);
    stopping = true;
    stop_asked.notify_all();
  });
  *io.err << "listening on " << ListeningOn(options.serve.listen, port)
          << std::endl;
  {
    StubWatcher watcher(options.serve.stubs, services, source.pool(), &service,
                        io.err, std::move(loaded));
    std::unique_lock<std::mutex> lock(stop_mutex);
    stop_asked.wait(lock, [&stopping] { return stopping; });
  }
  server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server->Wait();
  size_t lost = recorder.Close(kShutdownGrace);
  if (lost > 0) {
    return End(io, Fail(io, kExitFailure,
                        "--record " + options.serve.record + ": " +
                            std::to_string(lost) + " calls were not recorded"));
  }
  return End(io, kExitOk);
}

}  // namespace rpccli
