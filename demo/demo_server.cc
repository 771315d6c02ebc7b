// The demo server: implements demo.Demo on 127.0.0.1 with server reflection,
// for `make demo` and for rpccli's end-to-end tests.
//
//   demo-server [--port N] [--tls-cert PEM --tls-key PEM [--client-ca PEM]]
//               [--unix PATH]
//
// N = 0 (the default) picks a free port. With --tls-cert it serves TLS, and
// with --client-ca it requires client certificates that CA signed. Prints
// "listening on 127.0.0.1:PORT" once it accepts calls, and shuts down
// cleanly on SIGINT or SIGTERM. It serves the standard health check, with
// demo.Demo SERVING; SIGUSR1 turns demo.Demo to NOT_SERVING and back, for
// the tests of `rpccli health`.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "demo_service.h"

namespace {

struct Flags {
  int port = 0;
  std::string tls_cert, tls_key;  // PEM files: serve TLS instead of plaintext
  std::string client_ca;          // PEM file: require client certificates
  std::string unix_path;          // also listen on this unix socket
  int max_connection_age_ms = 0;  // > 0: a GOAWAY to each connection so old
};

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  *text = bytes.str();
  return static_cast<bool>(in);
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i], value = argv[i + 1];
    if (name == "--port") {
      char* end = nullptr;
      long port = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) return false;
      flags->port = static_cast<int>(port);
    } else if (name == "--tls-cert") {
      flags->tls_cert = value;
    } else if (name == "--tls-key") {
      flags->tls_key = value;
    } else if (name == "--client-ca") {
      flags->client_ca = value;
    } else if (name == "--unix") {
      flags->unix_path = value;
    } else if (name == "--max-connection-age-ms") {
      char* end = nullptr;
      long ms = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || ms <= 0 || ms > INT32_MAX) return false;
      flags->max_connection_age_ms = static_cast<int>(ms);
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && flags->tls_cert.empty() == flags->tls_key.empty();
}

std::shared_ptr<grpc::ServerCredentials> Credentials(const Flags& flags) {
  if (flags.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!ReadFile(flags.tls_key, &pair.private_key) ||
      !ReadFile(flags.tls_cert, &pair.cert_chain)) {
    return nullptr;
  }
  options.pem_key_cert_pairs.push_back(pair);
  if (!flags.client_ca.empty()) {
    if (!ReadFile(flags.client_ca, &options.pem_root_certs)) return nullptr;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before gRPC starts its threads, so that only the
  // waiting thread below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::cerr << "usage: demo-server [--port N] [--tls-cert PEM --tls-key PEM "
                 "[--client-ca PEM]] [--unix PATH] "
                 "[--max-connection-age-ms N]\n";
    return 2;
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = Credentials(flags);
  if (!credentials) {
    std::cerr << "demo-server: cannot read the TLS files\n";
    return 1;
  }

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::EnableDefaultHealthCheckService(true);
  // What the streaming calls saw, on stderr, for the end-to-end tests.
  demo::DemoService service([](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  });
  grpc::ServerBuilder builder;
  if (flags.max_connection_age_ms > 0) {
    // As servers behind load balancers do: connections are drained by a
    // graceful GOAWAY, and clients move to a new one.
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               flags.max_connection_age_ms);
  }
  int bound_port = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(flags.port),
                           credentials, &bound_port);
  if (!flags.unix_path.empty()) {
    builder.AddListeningPort("unix:" + flags.unix_path, credentials);
  }
  builder.RegisterService(&service);
  // The benchmark echoes a 64 MiB message; rpccli's own limit is what the
  // tests exercise.
  builder.SetMaxReceiveMessageSize(-1);
  // With callback methods beside sync ones, gRPC 1.51 polls for the callback
  // methods with two "nexting" threads that, after a second without a
  // callback event, sleep 100 ms; while both sleep, nothing reads the
  // connection, and calls of the sync methods wait up to 100 ms (at 100
  // calls a second, one in ten). A thread blocked on a queue of the server's
  // own is always there to poll instead.
  std::unique_ptr<grpc::ServerCompletionQueue> poller_queue =
      builder.AddCompletionQueue();
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    std::cerr << "demo-server: cannot listen on 127.0.0.1:" << flags.port
              << "\n";
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", bound_port);
  std::fflush(stdout);

  std::thread poller([&poller_queue] {
    void* tag = nullptr;
    bool ok = false;
    while (poller_queue->Next(&tag, &ok)) {
    }
  });

  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus("demo.Demo", true);

  std::thread stopper([&server, &stop_signals, health] {
    bool serving = true;
    int signal_number = 0;
    while (sigwait(&stop_signals, &signal_number) == 0 &&
           signal_number == SIGUSR1) {
      serving = !serving;
      health->SetServingStatus("demo.Demo", serving);
      std::fprintf(stderr, "health: demo.Demo %s\n",
                   serving ? "SERVING" : "NOT_SERVING");
      std::fflush(stderr);
    }
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::seconds(2));
  });
  server->Wait();
  stopper.join();
  poller_queue->Shutdown();
  poller.join();
  return 0;
}
