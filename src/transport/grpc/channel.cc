#include "transport/grpc/channel.h"

#include <grpc/support/log.h>
#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "base/file_read.h"
#include "base/text.h"
#include "base/utf8.h"
#include "transport/connect_wait.h"
#include "transport/grpc/tls_probe.h"
#include "transport/hashed_roots.h"
#include "transport/proxy.h"
#include "transport/tls_files.h"
#include "transport/trust_store.h"

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
  if (message.find("DNS resolution failed") != std::string::npos) {
    return "the host name does not resolve (" + reason + ")";
  }
  // gRPC's words for a peer whose first bytes are not HTTP/2's.
  if (reason.find("http1.x server") != std::string::npos) {
    return "the server speaks HTTP/1.1, not the HTTP/2 gRPC needs (Connect "
           "and gRPC-Web can go over HTTP/1.1: --protocol connect or grpcweb)";
  }
  if (reason.find("Failed parsing HTTP/2") != std::string::npos) {
    return "the peer does not answer in HTTP/2, which gRPC needs: it is not "
           "an HTTP server (" +
           reason + ")";
  }
  if (reason.empty()) return "gRPC gave no reason (" + message + ")";
  // TLS made, but the server did not choose HTTP/2 in ALPN (an HTTP/1.1
  // server, or a proxy that ends TLS without offering h2).
  if (reason.find("missing selected ALPN property") != std::string::npos) {
    return "the server did not agree to HTTP/2 in the TLS handshake (" +
           reason +
           "), which gRPC needs: it speaks HTTP/1.1 only? (Connect and "
           "gRPC-Web can: --protocol connect or grpcweb)";
  }
  // What OpenSSL says when the other side answers TLS with plain HTTP/2.
  if (reason.find("wrong version number") != std::string::npos) {
    reason = "TLS handshake failed (" + reason +
             "); if the server speaks plaintext, add --plaintext";
  }
  return reason;
}

bool VerifyFailed(const std::string& reason) {
  return reason.find("certificate verify failed") != std::string::npos;
}

// A certificate that did not verify (`reason`, in OpenSSL's words), and
// `why`, if a look at it could tell: the advice depends on it.
std::string Untrusted(const std::string& reason, const std::string& why) {
  if (why == "certificate has expired") {
    return "the server's certificate has expired (" + reason +
           "); renew it on the server, or skip the check with --insecure";
  }
  if (why == "certificate is not yet valid") {
    return "the server's certificate is not valid yet (" + reason +
           "); check the clocks here and on the server, or skip the check "
           "with --insecure";
  }
  return "the server's certificate is not trusted" +
         (why.empty() ? "" : ": " + why) + " (" + reason +
         "); pass its CA with --cacert, or skip the check with --insecure";
}

}  // namespace

ParsedTarget ParseTarget(const std::string& target, bool plaintext_flag) {
  ParsedTarget parsed{target, plaintext_flag, ""};
  const std::string http = "http://", https = "https://";
  if (StartsWith(target, http)) {
    parsed.grpc_target = target.substr(http.size());
    parsed.plaintext = true;
  } else if (StartsWith(target, https)) {
    parsed.grpc_target = target.substr(https.size());
  } else {
    return parsed;
  }
  size_t slash = parsed.grpc_target.find('/');
  if (slash != std::string::npos) {
    parsed.path_prefix = parsed.grpc_target.substr(slash);
    parsed.grpc_target.resize(slash);
    while (!parsed.path_prefix.empty() && parsed.path_prefix.back() == '/') {
      parsed.path_prefix.pop_back();
    }
  }
  return parsed;
}

namespace {

// The roots a server's certificate is checked against, read whole for a
// look at why it failed: --cacert's, else the system's trust store (""
// if it has none: gRPC's own).
bool Roots(const ConnectionOptions& options, const TlsFiles& files,
           std::string* roots, std::string* err) {
  if (!options.cacert.empty()) {
    *roots = files.ca;
    return true;
  }
  return ReadTrustStore(FindTrustStore(std::getenv), roots, err);
}

bool TlsCredentials(const ConnectionOptions& options,
                    std::shared_ptr<grpc::ChannelCredentials>* credentials,
                    std::string* err) {
  TlsFiles files;
  if (!ReadTlsFiles(options, &files, err)) return false;
  if (!options.insecure) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = files.ca;
    if (options.cacert.empty()) {
      TrustStore store = FindTrustStore(std::getenv);
      if (store.hashed) {
        *credentials = HashedRootsCredentials(store.directory, files);
        return true;
      }
      if (!ReadTrustStore(store, &ssl.pem_root_certs, err)) return false;
    }
    ssl.pem_cert_chain = files.cert;
    ssl.pem_private_key = files.key;
    *credentials = grpc::SslCredentials(ssl);
    return true;
  }
  // --insecure: TLS that takes any certificate, as curl -k does.
  namespace ex = grpc::experimental;
  ex::TlsChannelCredentialsOptions tls;
  tls.set_verify_server_certs(false);
  tls.set_check_call_host(false);
  tls.set_certificate_verifier(std::make_shared<ex::NoOpCertificateVerifier>());
  TrustStore store = FindTrustStore(std::getenv);
  WithStandInRoot(store.hashed ? OneRootOf(store.directory) : "", files, &tls);
  *credentials = ex::TlsCredentials(tls);
  return true;
}

}  // namespace

bool CreateChannel(const ConnectionOptions& options,
                   std::shared_ptr<grpc::Channel>* channel, std::string* err,
                   bool own_connection) {
  // gRPC logs failures such as a TLS handshake error straight to stderr;
  // rpccli reports them itself, once, in its own words. Someone who sets
  // gRPC's own debugging variables asked for its logs, though.
  if (!std::getenv("GRPC_TRACE") && !std::getenv("GRPC_VERBOSITY")) {
    gpr_set_log_function([](gpr_log_func_args*) {});
  }

  ParsedTarget target = ParseTarget(options.target, options.plaintext);
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (target.plaintext) {
    credentials = grpc::InsecureChannelCredentials();
  } else if (!TlsCredentials(options, &credentials, err)) {
    return false;
  }

  grpc::ChannelArguments arguments;
  std::string agent = "rpccli/" RPCCLI_VERSION;
  if (!options.user_agent.empty()) agent = options.user_agent + " " + agent;
  arguments.SetString(GRPC_ARG_PRIMARY_USER_AGENT_STRING, agent);
  if (!options.authority.empty()) {
    arguments.SetString(GRPC_ARG_DEFAULT_AUTHORITY, options.authority);
  }
  if (!options.servername.empty()) {
    arguments.SetSslTargetNameOverride(options.servername);
  }
  if (options.keepalive_time_seconds > 0) {
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                     static_cast<int>(options.keepalive_time_seconds * 1000));
  }
  if (options.max_message_bytes > 0) {
    arguments.SetMaxReceiveMessageSize(static_cast<int>(
        std::min<int64_t>(options.max_message_bytes, INT32_MAX)));
  }
  // The retry filter allocates from the call's arena for every message and
  // frees nothing until the call ends, so a long stream's memory would grow
  // with its length. A CLI call is retried by running the command again.
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  // Bandwidth probing keeps widening the receive window over a long fast
  // stream, and gRPC buffers whatever the window lets in: a fixed window
  // keeps memory flat while still covering a fast network's round trip.
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1 << 20);
  // A server's status message may be long (a stack trace, say): at gRPC's
  // 8 KiB the call would end with "metadata size exceeds limit" instead
  // of the server's status. rpccli cuts what it shows.
  arguments.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 1 << 20);
  if (own_connection) arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // rpccli picks the proxy by gRPC's own rules and hands gRPC the result,
  // so that a failure can name the proxy it went through.
  ProxyChoice proxy;
  if (!ChooseProxy(target.grpc_target, options.proxy, std::getenv, &proxy,
                   err)) {
    return false;
  }
  if (proxy.url.empty()) {
    arguments.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
  } else {
    arguments.SetString(GRPC_ARG_HTTP_PROXY, proxy.url);
  }
  *channel =
      grpc::CreateCustomChannel(target.grpc_target, credentials, arguments);
  return true;
}

namespace {

// The names a certificate holds, as the server sent them: escaped.
std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    text += (text.empty() ? "" : ", ") + EscapeControls(name);
  }
  return text;
}

// gRPC says that a connection failed, and sometimes why in OpenSSL's words;
// a look at the server's TLS says what to do about it.
std::string Diagnose(const ConnectionOptions& options,
                     const std::string& reason) {
  ParsedTarget target = ParseTarget(options.target, options.plaintext);
  // The roots looked up by hash (hashed_roots.h) say why themselves.
  const std::string hashed_failure = "certificate verify failed (";
  if (StartsWith(reason, hashed_failure) && EndsWith(reason, ")")) {
    return Untrusted("certificate verify failed",
                     reason.substr(hashed_failure.size(),
                                   reason.size() - hashed_failure.size() - 1));
  }
  if (VerifyFailed(reason)) {
    // Checked again here against the same roots, to learn why.
    TlsFiles files;
    std::string ignored;
    ReadTlsFiles(options, &files, &ignored);  // read before: kept
    std::string roots;
    Roots(options, files, &roots, &ignored);
    TlsProbe probe =
        ProbeTls(target.grpc_target, 1000, roots, options.servername);
    return Untrusted(EscapeControls(reason), probe.verify_error);
  }
  // gRPC's reason for an HTTP/1 server that answered 200 is "OK".
  if (target.plaintext && reason == "OK") {
    std::string answer = ProbePlaintextAnswer(target.grpc_target, 1000);
    if (StartsWith(answer, "HTTP/1.")) {
      return "the server speaks " + answer.substr(0, 8) +
             ", not the HTTP/2 gRPC needs (it answered \"" +
             EscapeControls(answer) +
             "\"; Connect and gRPC-Web can go over HTTP/1.1: --protocol "
             "connect or grpcweb)";
    }
    return "gRPC gave no reason (it said \"OK\")";
  }
  bool name_mismatch = StartsWith(reason, "Peer name ");
  bool closed =
      reason == "Socket closed" || EndsWith(reason, "Connection reset by peer");
  if (!(target.plaintext && closed) && !name_mismatch &&
      !(closed && options.cert.empty())) {
    return reason;
  }
  TlsProbe probe = ProbeTls(target.grpc_target, 1000, "", options.servername);
  // A server that closes on a TLS hello and speaks HTTP/2 in plaintext, as
  // etcd's port that also serves HTTP does.
  if (!probe.speaks_tls && !target.plaintext && closed &&
      SpeaksPlaintextHttp2(target.grpc_target, 1000)) {
    return reason +
           " at the TLS handshake; the server speaks HTTP/2 without TLS: add "
           "--plaintext (or http://)";
  }
  if (!probe.speaks_tls) return reason;
  if (target.plaintext) {
    return "the server speaks TLS; remove --plaintext (or http://)";
  }
  if (name_mismatch) {
    return reason + "; its certificate is for " + Join(probe.names) +
           ": pass one of them with --servername";
  }
  if (probe.wants_client_certificate) {
    return "the server wants a client certificate; pass --cert and --key";
  }
  return reason;
}

// A failure to connect through a proxy names the proxy, since the target
// itself may be fine; empty when the connection goes direct.
std::string ThroughProxy(const ConnectionOptions& options,
                         const std::string& reason) {
  ParsedTarget target = ParseTarget(options.target, options.plaintext);
  ProxyChoice proxy;
  std::string ignored;
  if (!ChooseProxy(target.grpc_target, options.proxy, std::getenv, &proxy,
                   &ignored) ||
      proxy.url.empty()) {
    return "";
  }
  const std::string kRefused = "HTTP proxy returned response code ";
  if (StartsWith(reason, kRefused)) {
    return proxy.CannotConnect(
        TunnelRefused(std::atol(reason.c_str() + kRefused.size())));
  }
  return proxy.CannotConnect(reason);
}

}  // namespace

bool WaitForConnection(grpc::Channel* channel, const ConnectionOptions& options,
                       std::string* err) {
  auto deadline = std::chrono::system_clock::now() +
                  std::chrono::milliseconds(static_cast<long long>(
                      std::llround(ConnectWaitSeconds(options) * 1000)));
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    // gRPC would retry with backoff until the deadline; a CLI user is
    // better served by hearing about the first failure at once.
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE ||
        state == GRPC_CHANNEL_SHUTDOWN) {
      std::string reason = FailureReason(channel);
      *err = ThroughProxy(
          options, VerifyFailed(reason) ? Untrusted(reason, "") : reason);
      if (err->empty()) {
        *err = "cannot connect: " + Diagnose(options, reason);
      }
      return false;
    }
    if (!channel->WaitForStateChange(state, deadline)) {
      std::string text = NoConnectionWithin(options);
      *err = ThroughProxy(options, text);
      if (err->empty()) *err = text;
      return false;
    }
    state = channel->GetState(true);
  }
  return true;
}

}  // namespace rpccli
