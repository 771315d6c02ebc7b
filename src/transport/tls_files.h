// The PEM files of --cacert, --cert and --key, checked before any
// connection: gRPC takes a file that is empty, not PEM, or a key that is
// not the certificate's, and fails the connection without a reason.
#ifndef RPCCLI_TRANSPORT_TLS_FILES_H_
#define RPCCLI_TRANSPORT_TLS_FILES_H_

#include <string>

#include "base/options.h"

namespace rpccli {

/// The PEM texts of --cacert, --cert and --key ("" for each not given).
struct TlsFiles {
  std::string ca;
  std::string cert;
  std::string key;
};

/// Reads the files into `files`: false, with `err` naming the file, its
/// flag and what is wrong, unless --cacert holds certificates, --cert a
/// certificate and --key the private key of that certificate (each only
/// if given). Each file is read once a process, however often this is
/// asked: a pipe (`--cacert <(...)`) can be read only once.
bool ReadTlsFiles(const ConnectionOptions& connection, TlsFiles* files,
                  std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_TLS_FILES_H_
