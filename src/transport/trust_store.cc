#include "transport/trust_store.h"

#include <filesystem>
#include <set>
#include <system_error>

#include "base/file_read.h"
#include "transport/hashed_roots.h"

namespace rpccli {
namespace {

namespace fs = std::filesystem;

// The bundles the distributions keep, in the order Go looks for them.
constexpr const char* kBundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS 7
    "/etc/ssl/cert.pem",                                  // Alpine
};
constexpr char kCertificateDirectory[] = "/etc/ssl/certs";
constexpr char kPemBegin[] = "-----BEGIN CERTIFICATE-----";

bool IsFile(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool IsDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

}  // namespace

std::string TrustStore::Said() const {
  std::string path = !file.empty() ? file : directory;
  if (path.empty()) return "none found";
  return named_by.empty() ? path : path + " (" + named_by + ")";
}

TrustStore FindTrustStore(const EnvironmentLookup& getenv) {
  TrustStore store;
  const char* file = getenv("SSL_CERT_FILE");
  if (file != nullptr && *file != '\0') {
    store.file = file;
    store.named_by = "SSL_CERT_FILE";
    return store;
  }
  const char* dirs = getenv("SSL_CERT_DIR");
  if (dirs != nullptr && *dirs != '\0') {
    std::string first(dirs);
    store.directory = first.substr(0, first.find(':'));
    store.hashed = IsHashedDirectory(store.directory);
    store.named_by = "SSL_CERT_DIR";
    return store;
  }
  if (IsHashedDirectory(kCertificateDirectory)) {
    store.directory = kCertificateDirectory;
    store.hashed = true;
    return store;
  }
  for (const char* bundle : kBundles) {
    if (IsFile(bundle)) {
      store.file = bundle;
      return store;
    }
  }
  if (IsDirectory(kCertificateDirectory)) {
    store.directory = kCertificateDirectory;
  }
  return store;
}

bool ReadTrustStore(const TrustStore& store, std::string* pem,
                    std::string* err) {
  pem->clear();
  if (!store.file.empty()) {
    std::string why;
    if (!ReadWholeFile(store.file, store.named_by, kMaxSmallFileBytes, pem,
                       &why)) {
      *err = "the trust store " + why;
      return false;
    }
  } else if (!store.directory.empty()) {
    std::error_code ec;
    std::set<fs::path> read;  // hash links name a file twice
    fs::directory_iterator entries(store.directory, ec);
    if (ec) {
      *err = "the trust store " + store.Said() + ": " + ec.message();
      return false;
    }
    for (const fs::directory_entry& entry : entries) {
      fs::path real = fs::canonical(entry.path(), ec);
      if (ec || !IsFile(real.string()) || !read.insert(real).second) continue;
      std::string text, ignored;
      if (ReadWholeFile(real.string(), "", kMaxSmallFileBytes, &text,
                        &ignored) &&
          text.find(kPemBegin) != std::string::npos) {
        *pem += text;
        if (!pem->empty() && pem->back() != '\n') *pem += '\n';
      }
    }
  } else {
    return true;
  }
  if (pem->find(kPemBegin) == std::string::npos) {
    *err = "the trust store " + store.Said() + " holds no certificate";
    return false;
  }
  return true;
}

}  // namespace rpccli
