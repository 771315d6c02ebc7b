// rpccli serve: a mock server from the schema alone. Every method of the
// schema's services answers from the stubs; reflection (v1 and v1alpha)
// and the standard health service come with it, so that any client can
// call it with no files.
#include <grpcpp/ext/health_check_service_server_builder_option.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>

#include "base/file_read.h"
#include "base/stop_signals.h"
#include "base/text.h"
#include "commands/commands.h"
#include "commands/report.h"
#include "schema/descriptor_source.h"
#include "serve/mock_service.h"
#include "serve/reflection_answers.h"
#include "serve/stubs.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Calls in flight get this long to end once a signal stops the server;
// then they are cancelled.
constexpr auto kShutdownGrace = std::chrono::seconds(2);

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
  grpc::SslServerCredentialsOptions tls;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!ReadWholeFile(serve.key, "--key", kMaxSmallFileBytes, &pair.private_key,
                     err) ||
      !ReadWholeFile(serve.cert, "--cert", kMaxSmallFileBytes, &pair.cert_chain,
                     err) ||
      (!serve.cacert.empty() &&
       !ReadWholeFile(serve.cacert, "--cacert", kMaxSmallFileBytes,
                      &tls.pem_root_certs, err))) {
    return false;
  }
  tls.pem_key_cert_pairs.push_back(pair);
  if (!serve.cacert.empty()) {
    tls.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  *credentials = grpc::SslServerCredentials(tls);
  return true;
}

// The address as clients reach it: port 0 becomes the port picked.
std::string ListeningOn(const std::string& listen, int port) {
  if (StartsWith(listen, "unix:")) return listen;
  size_t colon = listen.rfind(':');
  return listen.substr(0, colon + 1) + std::to_string(port);
}

}  // namespace

int RunServe(const Options& options, const Io& io) {
  // First, before gRPC's threads: a signal stops the server cleanly.
  StopSignals stop_signals;
  std::string err;
  DescriptorSource source;
  if (!source.Open(options.schema, nullptr, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  std::vector<const pb::ServiceDescriptor*> services = source.LocalServices();
  if (services.empty()) {
    return End(io, Fail(io, kExitFailure,
                        "the schema has no service to serve: give the "
                        ".proto files or protosets that define one"));
  }
  FormatOptions format;
  format.compact = true;
  Codec codec(source.pool(), format);
  Stubs stubs;
  if (!stubs.Load(options.serve.stubs, services, codec, &err)) {
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
  MockService service(source.pool(), &stubs, &codec, &reflection);

  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!ServerCredentials(options.serve, &credentials, &err)) {
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
    return End(io, Fail(io, kExitFailure,
                        "--listen " + options.serve.listen +
                            ": cannot listen there (in use, or not an "
                            "address of this machine?)"));
  }
  for (const std::string& name : names) {
    server->GetHealthCheckService()->SetServingStatus(name, true);
  }
  *io.err << "listening on " << ListeningOn(options.serve.listen, port)
          << std::endl;

  // A signal lets the calls in flight end, for a moment, then cancels
  // them; the process then exits 0, as servers stopped on purpose do.
  stop_signals.SetHandler([&server] {
    server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  });
  server->Wait();
  return End(io, kExitOk);
}

}  // namespace rpccli
