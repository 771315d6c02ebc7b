// Where the roots a server's certificate is checked against live when no
// --cacert is given, found as OpenSSL, curl and Go find them: the
// SSL_CERT_FILE and SSL_CERT_DIR variables first, then the bundle each
// Linux layout keeps (Debian's, Fedora's, openSUSE's, Alpine's...). It
// holds the CAs an administrator added, which gRPC's own roots lack.
#ifndef RPCCLI_TRANSPORT_TRUST_STORE_H_
#define RPCCLI_TRANSPORT_TRUST_STORE_H_

#include <string>

#include "transport/proxy.h"  // EnvironmentLookup

namespace rpccli {

struct TrustStore {
  std::string file;       // a PEM bundle, or ""
  std::string directory;  // a directory of PEM certificates, or ""
  bool hashed = false;    // the directory finds each root by its hash
  std::string named_by;   // "SSL_CERT_FILE", "SSL_CERT_DIR", or ""
  /// `file` or `directory`, with what named it: "/etc/x.pem
  /// (SSL_CERT_FILE)"; "none found" if neither.
  std::string Said() const;
};

/// SSL_CERT_FILE if set, else SSL_CERT_DIR (the first of its
/// ':'-separated directories), else /etc/ssl/certs if it finds roots by
/// hash (Debian's, Arch's: the same roots as their bundle, read one by one
/// as a chain needs them), else the first bundle found of the known
/// layouts, else /etc/ssl/certs if it is a directory; else neither.
TrustStore FindTrustStore(const EnvironmentLookup& getenv);

/// Every root certificate of `store` as PEM text: the bundle, or each
/// certificate file in the directory once (hash links to the same file
/// count once). False, `err` naming the path and the variable that named
/// it, if that cannot be read or holds no certificate; "" (and true) for
/// a store with neither.
bool ReadTrustStore(const TrustStore& store, std::string* pem,
                    std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_TRUST_STORE_H_
