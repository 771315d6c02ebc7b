#include "transport/tls_files.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <map>
#include <memory>
#include <mutex>

#include "base/file_read.h"

namespace rpccli {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Bio MemoryOf(const std::string& text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// The file's text; false if it cannot be read or is empty. Each path is
// read once a process and kept: `--cacert <(...)` is a pipe, which a
// second read (another channel, the other transport) would find empty.
bool ReadPem(const std::string& path, const std::string& flag,
             std::string* text, std::string* err) {
  static std::mutex mutex;
  static std::map<std::string, std::string> read;
  std::lock_guard<std::mutex> lock(mutex);
  auto known = read.find(path);
  if (known != read.end()) {
    *text = known->second;
    return true;
  }
  if (!ReadWholeFile(path, flag, kMaxSmallFileBytes, text, err)) return false;
  if (text->empty()) {
    *err = path + " (" + flag + "): is empty";
    return false;
  }
  read.emplace(path, *text);
  return true;
}

// The certificates in `text`, as many as parse from its start.
int CountCertificates(const std::string& text, Cert* first) {
  Bio bio = MemoryOf(text);
  int count = 0;
  while (Cert cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (count++ == 0 && first != nullptr) *first = std::move(cert);
  }
  ERR_clear_error();  // the end of the file is an "error" to OpenSSL
  return count;
}

}  // namespace

bool ReadTlsFiles(const ConnectionOptions& connection, TlsFiles* files,
                  std::string* err) {
  *files = TlsFiles();
  if (!connection.cacert.empty()) {
    if (!ReadPem(connection.cacert, "--cacert", &files->ca, err)) return false;
    if (CountCertificates(files->ca, nullptr) == 0) {
      *err = connection.cacert +
             " (--cacert): holds no PEM certificate (-----BEGIN "
             "CERTIFICATE-----)";
      return false;
    }
  }
  if (connection.cert.empty() || connection.key.empty()) return true;
  Cert cert;
  if (!ReadPem(connection.cert, "--cert", &files->cert, err)) return false;
  if (CountCertificates(files->cert, &cert) == 0) {
    *err = connection.cert +
           " (--cert): holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
    return false;
  }
  if (!ReadPem(connection.key, "--key", &files->key, err)) return false;
  Bio bio = MemoryOf(files->key);
  // A passphrase is never asked for: OpenSSL's default would prompt on the
  // terminal and wait.
  pem_password_cb* no_passphrase = [](char*, int, int, void*) { return 0; };
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    *err = connection.key +
           " (--key): holds no PEM private key (-----BEGIN PRIVATE KEY-----), "
           "or one protected by a passphrase";
    return false;
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    *err = connection.key + " (--key): is not the private key of " +
           connection.cert + " (--cert)";
    return false;
  }
  return true;
}

}  // namespace rpccli
