// The PEM files of --cacert, --cert and --key, checked before any
// connection: gRPC takes a file that is empty, not PEM, or a key that is
// not the certificate's, and fails the connection without a reason.
#ifndef RPCCLI_TLS_FILES_H_
#define RPCCLI_TLS_FILES_H_

#include <string>

#include "options.h"

namespace rpccli {

/// False, with `err` naming the file, its flag and what is wrong, unless
/// --cacert holds certificates, --cert a certificate and --key the private
/// key of that certificate (each only if given).
bool CheckTlsFiles(const ConnectionOptions& connection, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TLS_FILES_H_
