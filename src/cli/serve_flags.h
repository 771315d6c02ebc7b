// serve's own flags: where it listens, its stubs, --record, --fake and
// TLS; and the check of --listen's address.
#ifndef RPCCLI_CLI_SERVE_FLAGS_H_
#define RPCCLI_CLI_SERVE_FLAGS_H_

#include <CLI/CLI.hpp>
#include <string>

#include "base/options.h"

namespace rpccli {

/// serve's flags but the schema's.
void AddServeOptions(CLI::App* app, ServeOptions* serve);

/// Whether `listen` is an address serve can listen on: host:port or
/// [v6]:port with a port from 0 to 65535, unix:PATH or
/// unix-abstract:NAME. False, with `err` saying which form it should
/// take.
bool CheckListenAddress(const std::string& listen, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_CLI_SERVE_FLAGS_H_
