// The demo server: implements demo.Demo on 127.0.0.1 with server reflection,
// for `make demo` and for rpccli's end-to-end tests.
//
//   demo-server [--port N]     N = 0 (the default) picks a free port
//
// Prints "listening on 127.0.0.1:PORT" once it accepts calls, and shuts down
// cleanly on SIGINT or SIGTERM.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "demo_service.h"

namespace {

bool ParsePort(int argc, char** argv, int* port) {
  *port = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      char* end = nullptr;
      long value = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || value < 0 || value > 65535) return false;
      *port = static_cast<int>(value);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  if (!ParsePort(argc, argv, &port)) {
    std::cerr << "usage: demo-server [--port N]\n";
    return 2;
  }

  // Block the stop signals before gRPC starts its threads, so that only the
  // waiting thread below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // What the streaming calls saw, on stderr, for the end-to-end tests.
  demo::DemoService service([](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  });
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &bound_port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    std::cerr << "demo-server: cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", bound_port);
  std::fflush(stdout);

  std::thread stopper([&server, &stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::seconds(2));
  });
  server->Wait();
  stopper.join();
  return 0;
}
