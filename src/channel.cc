#include "channel.h"

#include <grpc/support/log.h>
#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <cmath>
#include <sstream>

#include "text.h"

namespace rpccli {
namespace {

// gRPC keeps why the last connection attempt failed only in the status of
// calls that fail because of it, so ask with a call that cannot be sent:
// it fails at once, without waiting for a connection.
std::string FailureReason(grpc::Channel* channel) {
  grpc::GenericStub stub(channel->shared_from_this());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(1));
  grpc::CompletionQueue queue;
  grpc::ByteBuffer request, response;
  grpc::Status status;
  auto call = stub.PrepareUnaryCall(&context, "/rpccli.ConnectionProbe/Probe",
                                    request, &queue);
  call->StartCall();
  call->Finish(&response, &status, &status);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  // The message nests its causes, "failed to connect to all addresses;
  // last error: UNKNOWN: ipv4:127.0.0.1:1: ...: Connection refused"; the
  // innermost one is what the user needs.
  const std::string& message = status.error_message();
  size_t last = message.rfind(": ");
  std::string reason =
      last == std::string::npos ? message : message.substr(last + 2);
  // What OpenSSL says when the other side answers TLS with plain HTTP/2.
  if (reason.find("wrong version number") != std::string::npos) {
    reason = "TLS handshake failed (" + reason +
             "); if the server speaks plaintext, add --plaintext";
  }
  return reason;
}

}  // namespace

ParsedTarget ParseTarget(const std::string& target, bool plaintext_flag) {
  ParsedTarget parsed{target, plaintext_flag};
  const std::string http = "http://", https = "https://";
  if (StartsWith(target, http)) {
    parsed.grpc_target = target.substr(http.size());
    parsed.plaintext = true;
  } else if (StartsWith(target, https)) {
    parsed.grpc_target = target.substr(https.size());
  }
  if (!parsed.grpc_target.empty() && parsed.grpc_target.back() == '/') {
    parsed.grpc_target.pop_back();
  }
  return parsed;
}

std::shared_ptr<grpc::Channel> CreateChannel(const ConnectionOptions& options) {
  // gRPC logs failures such as a TLS handshake error straight to stderr;
  // rpccli reports them itself, once, in its own words.
  gpr_set_log_function([](gpr_log_func_args*) {});
  ParsedTarget target = ParseTarget(options.target, options.plaintext);
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      target.plaintext ? grpc::InsecureChannelCredentials()
                       : grpc::SslCredentials(grpc::SslCredentialsOptions());
  grpc::ChannelArguments arguments;
  arguments.SetUserAgentPrefix("rpccli/0.1");
  // The retry filter allocates from the call's arena for every message and
  // frees nothing until the call ends, so a long stream's memory would grow
  // with its length. A CLI call is retried by running the command again.
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  // Bandwidth probing keeps widening the receive window over a long fast
  // stream, and gRPC buffers whatever the window lets in: a fixed window
  // keeps memory flat while still covering a fast network's round trip.
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1 << 20);
  return grpc::CreateCustomChannel(target.grpc_target, credentials, arguments);
}

bool WaitForConnection(grpc::Channel* channel, const ConnectionOptions& options,
                       std::string* err) {
  auto deadline = std::chrono::system_clock::now() +
                  std::chrono::milliseconds(static_cast<long long>(
                      std::llround(options.connect_timeout_seconds * 1000)));
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    // gRPC would retry with backoff until the deadline; a CLI user is
    // better served by hearing about the first failure at once.
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE ||
        state == GRPC_CHANNEL_SHUTDOWN) {
      *err = "cannot connect: " + FailureReason(channel);
      return false;
    }
    if (!channel->WaitForStateChange(state, deadline)) {
      std::ostringstream text;
      text << "no connection within " << options.connect_timeout_seconds
           << " s (--connect-timeout)";
      *err = text.str();
      return false;
    }
    state = channel->GetState(true);
  }
  return true;
}

}  // namespace rpccli
