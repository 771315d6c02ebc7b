#include "transport/grpc/tls_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>

#include "base/text.h"

namespace rpccli {
namespace {

// Splits `host:port` or `[v6]:port`; false for anything else (unix:, URIs).
bool SplitHostPort(const std::string& target, std::string* host,
                   std::string* port) {
  if (target.find('/') != std::string::npos || StartsWith(target, "unix")) {
    return false;
  }
  size_t colon = target.rfind(':');
  if (colon == std::string::npos || colon + 1 == target.size()) return false;
  *host = target.substr(0, colon);
  *port = target.substr(colon + 1);
  if (StartsWith(*host, "[") && EndsWith(*host, "]")) {
    *host = host->substr(1, host->size() - 2);
  }
  return !host->empty();
}

int Connect(const std::string& host, const std::string& port, int timeout_ms) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &addresses) != 0) {
    return -1;
  }
  int fd = socket(addresses->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  // Linux applies SO_SNDTIMEO to connect() too.
  if (fd >= 0 &&
      (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0 ||
       setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0 ||
       connect(fd, addresses->ai_addr, addresses->ai_addrlen) != 0)) {
    close(fd);
    fd = -1;
  }
  freeaddrinfo(addresses);
  return fd;
}

std::vector<std::string> CertificateNames(X509* certificate) {
  std::vector<std::string> names;
  auto* alternatives = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; i < sk_GENERAL_NAME_num(alternatives); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(alternatives, i);
    if (name->type == GEN_DNS) {
      const unsigned char* text = ASN1_STRING_get0_data(name->d.dNSName);
      names.emplace_back(reinterpret_cast<const char*>(text),
                         ASN1_STRING_length(name->d.dNSName));
    } else if (name->type == GEN_IPADD) {
      int length = ASN1_STRING_length(name->d.iPAddress);
      char text[INET6_ADDRSTRLEN] = "";
      inet_ntop(length == 4 ? AF_INET : AF_INET6,
                ASN1_STRING_get0_data(name->d.iPAddress), text, sizeof text);
      names.emplace_back(text);
    }
  }
  GENERAL_NAMES_free(alternatives);
  return names;
}

// Adds each certificate of `pem` to what `context` trusts.
void TrustCertificates(const std::string& pem, SSL_CTX* context) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_STORE* store = SSL_CTX_get_cert_store(context);
  while (X509* certificate =
             PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, certificate);
    X509_free(certificate);
  }
  BIO_free(bio);
  ERR_clear_error();  // the end of the text reads as an error
}

}  // namespace

TlsProbe ProbeTls(const std::string& target, int timeout_ms,
                  const std::string& roots_pem,
                  const std::string& server_name) {
  TlsProbe probe;
  std::string host, port;
  if (!SplitHostPort(target, &host, &port)) return probe;
  int fd = Connect(host, port, timeout_ms);
  if (fd < 0) return probe;

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(
      SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(nullptr, SSL_free);
  if (context) {
    // The handshake goes on whatever the check finds: the result is read
    // after it.
    SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
    if (!roots_pem.empty()) TrustCertificates(roots_pem, context.get());
    static const unsigned char kAlpn[] = {2, 'h', '2'};
    SSL_CTX_set_alpn_protos(context.get(), kAlpn, sizeof kAlpn);
    // Called when the server asks for a client certificate; giving none
    // lets the handshake go on to what the server does without one.
    SSL_CTX_set_client_cert_cb(context.get(), [](SSL* s, X509**, EVP_PKEY**) {
      *static_cast<bool*>(SSL_get_app_data(s)) = true;
      return 0;
    });
    ssl.reset(SSL_new(context.get()));
  }
  if (ssl && SSL_set_fd(ssl.get(), fd) == 1) {
    SSL_set_app_data(ssl.get(), &probe.wants_client_certificate);
    std::string name = server_name.empty() ? host : server_name;
    unsigned char address[16];
    bool is_address = inet_pton(AF_INET, name.c_str(), address) == 1 ||
                      inet_pton(AF_INET6, name.c_str(), address) == 1;
    if (!is_address) SSL_set_tlsext_host_name(ssl.get(), name.c_str());
    SSL_connect(ssl.get());
    X509* certificate = SSL_get1_peer_certificate(ssl.get());
    if (certificate != nullptr) {
      probe.speaks_tls = true;
      probe.names = CertificateNames(certificate);
      X509_free(certificate);
      long verified = SSL_get_verify_result(ssl.get());
      if (!roots_pem.empty() && verified != X509_V_OK) {
        probe.verify_error = X509_verify_cert_error_string(verified);
      }
    }
  }
  ERR_clear_error();
  close(fd);
  return probe;
}

namespace {

// The first bytes (up to 80) `target` answers the HTTP/2 connection
// preface with, sent in plaintext; "" if none came within about
// `timeout_ms`.
std::string AnswerToPreface(const std::string& target, int timeout_ms) {
  std::string host, port;
  if (!SplitHostPort(target, &host, &port)) return "";
  int fd = Connect(host, port, timeout_ms);
  if (fd < 0) return "";
  static const char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  std::string answer;
  if (send(fd, kPreface, sizeof kPreface - 1, MSG_NOSIGNAL) > 0) {
    char buffer[80];
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);  // SO_RCVTIMEO bounds it
    if (got > 0) answer.assign(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return answer;
}

}  // namespace

std::string ProbePlaintextAnswer(const std::string& target, int timeout_ms) {
  std::string answer = AnswerToPreface(target, timeout_ms);
  return answer.substr(0, answer.find_first_of("\r\n"));
}

bool SpeaksPlaintextHttp2(const std::string& target, int timeout_ms) {
  // A frame header: a 24-bit length, then its type, SETTINGS (4), the
  // first frame an HTTP/2 server sends.
  std::string answer = AnswerToPreface(target, timeout_ms);
  return answer.size() >= 9 && answer[3] == 0x04;
}

}  // namespace rpccli
