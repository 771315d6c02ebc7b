#include "transport/hashed_roots.h"

#include <arpa/inet.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <system_error>
#include <vector>

namespace rpccli {
namespace {

namespace ex = grpc::experimental;

struct Freer {
  void operator()(X509* x) const { X509_free(x); }
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
template <typename T>
using Owned = std::unique_ptr<T, Freer>;

bool IsIpAddress(const std::string& name) {
  unsigned char address[16];
  return inet_pton(AF_INET, name.c_str(), address) == 1 ||
         inet_pton(AF_INET6, name.c_str(), address) == 1;
}

// The name gRPC checks: --servername, else the target's host (without a
// port, or the brackets of an IPv6 address).
std::string HostOf(const std::string& target_name) {
  std::string host = target_name;
  if (!host.empty() && host[0] == '[') {
    return host.substr(1, host.find(']') - 1);
  }
  size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(':') == colon) {
    host.resize(colon);
  }
  return host;
}

class HashedRootsVerifier : public ex::ExternalCertificateVerifier {
 public:
  explicit HashedRootsVerifier(std::string directory)
      : directory_(std::move(directory)) {}

  bool Verify(ex::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)>,
              grpc::Status* status) override {
    *status = Check(std::string(request->peer_cert_full_chain().data(),
                                request->peer_cert_full_chain().size()),
                    HostOf(std::string(request->target_name().data(),
                                       request->target_name().size())));
    return true;  // done, synchronously
  }

  void Cancel(ex::TlsCustomVerificationCheckRequest*) override {}

 private:
  grpc::Status Check(const std::string& chain_pem, const std::string& host) {
    Owned<BIO> bio(
        BIO_new_mem_buf(chain_pem.data(), static_cast<int>(chain_pem.size())));
    Owned<X509> leaf(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    Owned<STACK_OF(X509)> intermediates(sk_X509_new_null());
    while (X509* next =
               PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      sk_X509_push(intermediates.get(), next);
    }
    ERR_clear_error();  // the end of the chain is an "error" to OpenSSL
    if (leaf == nullptr) {
      return Failed("certificate verify failed (the server sent none)");
    }
    Owned<X509_STORE> store(X509_STORE_new());
    X509_LOOKUP* lookup =
        X509_STORE_add_lookup(store.get(), X509_LOOKUP_hash_dir());
    if (lookup == nullptr || X509_LOOKUP_add_dir(lookup, directory_.c_str(),
                                                 X509_FILETYPE_PEM) != 1) {
      ERR_clear_error();
      return Failed("certificate verify failed (cannot read " + directory_ +
                    ")");
    }
    Owned<X509_STORE_CTX> context(X509_STORE_CTX_new());
    X509_STORE_CTX_init(context.get(), store.get(), leaf.get(),
                        intermediates.get());
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    bool named = IsIpAddress(host)
                     ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1
                     : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) == 1;
    int verified = X509_verify_cert(context.get());
    int error = X509_STORE_CTX_get_error(context.get());
    ERR_clear_error();
    if (verified == 1 && named) return grpc::Status::OK;
    if (!named || error == X509_V_ERR_HOSTNAME_MISMATCH ||
        error == X509_V_ERR_IP_ADDRESS_MISMATCH) {
      return Failed("Peer name " + host + " is not in peer certificate");
    }
    return Failed(std::string("certificate verify failed (") +
                  X509_verify_cert_error_string(error) + ")");
  }

  static grpc::Status Failed(const std::string& why) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, why);
  }

  std::string directory_;
};

// The first file of `directory` named as a root by hash (3513523f.0), or
// "".
std::string FirstHashedRoot(const std::string& directory) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 9 && name[8] == '.' &&
        name.find_first_not_of("0123456789abcdef") == 8 &&
        name.find_first_not_of("0123456789", 9) == std::string::npos) {
      return entry.path().string();
    }
  }
  return "";
}

}  // namespace

bool IsHashedDirectory(const std::string& directory) {
  return !FirstHashedRoot(directory).empty();
}

std::string OneRootOf(const std::string& directory) {
  std::string path = FirstHashedRoot(directory);
  if (path.empty()) return "";
  Owned<BIO> bio(BIO_new_file(path.c_str(), "r"));
  Owned<X509> root(
      bio == nullptr ? nullptr
                     : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (root == nullptr) return "";
  Owned<BIO> out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), root.get());
  char* data = nullptr;
  long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

void WithStandInRoot(const std::string& root, const TlsFiles& files,
                     grpc::experimental::TlsChannelCredentialsOptions* tls) {
  std::vector<ex::IdentityKeyCertPair> pairs;
  if (!files.cert.empty()) pairs.push_back({files.key, files.cert});
  if (root.empty() && pairs.empty()) return;
  tls->set_certificate_provider(
      std::make_shared<ex::StaticDataCertificateProvider>(root, pairs));
  if (!root.empty()) tls->watch_root_certs();
  if (!pairs.empty()) tls->watch_identity_key_cert_pairs();
}

std::shared_ptr<grpc::ChannelCredentials> HashedRootsCredentials(
    const std::string& directory, const TlsFiles& files) {
  ex::TlsChannelCredentialsOptions tls;
  // gRPC's own check would want every root up front: this one looks up
  // the few the chain names, and checks the name too.
  tls.set_verify_server_certs(false);
  tls.set_check_call_host(false);
  tls.set_certificate_verifier(
      ex::ExternalCertificateVerifier::Create<HashedRootsVerifier>(directory));
  WithStandInRoot(OneRootOf(directory), files, &tls);
  return ex::TlsCredentials(tls);
}

}  // namespace rpccli
