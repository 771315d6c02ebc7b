#include "cli/serve_flags.h"

#include <cstdint>

#include "base/text.h"
#include "base/utf8.h"
#include "cli/cli_flag_groups.h"

namespace rpccli {

void AddServeOptions(CLI::App* app, ServeOptions* serve) {
  app->add_option("--listen", serve->listen,
                  "Listen on ADDR: host:port (port 0: one the system "
                  "picks, printed), unix:/path or unix-abstract:NAME "
                  "(default 127.0.0.1:50051)")
      ->check(NonEmpty("give host:port or unix:/path"))
      ->type_name("ADDR");
  app->add_option("--stubs", serve->stubs,
                  "Answer from the stubs in this JSON or NDJSON file "
                  "(repeatable; the first stub that matches answers)")
      ->check(NonEmptyPath())
      ->type_name("FILE")
      ->allow_extra_args(false);
  app->add_option("--record", serve->record,
                  "Write each call answered to FILE (- for stdout) as a "
                  "JSON line: method, headers, requests, the stub, "
                  "responses, status")
      ->check(NonEmptyPath())
      ->type_name("FILE");
  app->add_option("--from", serve->from,
                  "Copy the schema from this live server by reflection: "
                  "host:port over TLS, http://host:port in plaintext")
      ->check(NonEmpty("give host:port or http://host:port"))
      ->type_name("TARGET");
  app->add_flag("--fake", serve->fake,
                "Answer a call no stub matches with made-up messages of "
                "its type (three for a server stream) instead of "
                "Unimplemented");
  app->add_option("--seed", serve->seed,
                  "What --fake makes up from: the same seed and request "
                  "give the same answer (default 0)")
      ->check(WholeNumber(0, 999999999999999999))
      ->type_name("N");
  app->add_option("--cert", serve->cert,
                  "Serve TLS with this certificate (PEM), with --key")
      ->check(NonEmptyPath())
      ->type_name("FILE");
  app->add_option("--key", serve->key, "The private key of --cert (PEM)")
      ->check(NonEmptyPath())
      ->type_name("FILE");
  app->add_option("--cacert", serve->cacert,
                  "Require clients to present a certificate this CA "
                  "signed (mutual TLS)")
      ->check(NonEmptyPath())
      ->type_name("FILE");
}

bool CheckListenAddress(const std::string& listen, std::string* err) {
  auto refuse = [&](const std::string& why) {
    *err = "--listen " + EscapeControls(listen) + ": " + why;
    return false;
  };
  for (const char* scheme : {"unix:", "unix-abstract:"}) {
    if (StartsWith(listen, scheme)) {
      if (listen.size() == std::string(scheme).size()) {
        return refuse(std::string(scheme) + " needs a path or name after it");
      }
      return true;
    }
  }
  const std::string kForms =
      "give host:port, [v6]:port, :port, unix:/path or unix-abstract:NAME";
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return refuse("no port: " + kForms);
  std::string host = listen.substr(0, colon);
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return refuse(
        "the port is a number from 0 to 65535 (0: one the "
        "system picks)");
  }
  bool bracketed = StartsWith(host, "[") && EndsWith(host, "]");
  if (!bracketed && host.find(':') != std::string::npos) {
    return refuse("an IPv6 address goes in brackets: [::1]:PORT");
  }
  for (char c : host) {
    if (static_cast<unsigned char>(c) <= ' ' ||
        static_cast<unsigned char>(c) >= 0x7F || c == '/') {
      return refuse("the host is a name or an address: " + kForms);
    }
  }
  return true;
}

}  // namespace rpccli
