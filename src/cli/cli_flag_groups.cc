#include "cli/cli_flag_groups.h"

#include <climits>
#include <cmath>
#include <string>

namespace rpccli {
namespace {

// The most seconds a time flag takes (about three years): past it, the
// deadlines and timeouts built from it would overflow into the past.
constexpr double kMostSeconds = 1e8;

}  // namespace

CLI::Validator BoundedNumber(double lowest, const std::string& what,
                             bool or_equal) {
  return CLI::Validator(
      [=](std::string& value) {
        double number = 0;
        bool fits = CLI::detail::lexical_cast(value, number) &&
                    std::isfinite(number) &&
                    (or_equal ? number >= lowest : number > lowest) &&
                    number <= kMostSeconds;
        // 1e-400 reads as 0, which means "no limit" to some flags: a
        // number written as more than zero must stay so.
        std::string mantissa = value.substr(0, value.find_first_of("eE"));
        if (fits && number == 0 &&
            mantissa.find_first_of("123456789") != std::string::npos) {
          return what + ", and " + value + " is too small to tell from 0";
        }
        return fits ? std::string() : what + ", at most 100000000";
      },
      "");
}

CLI::Validator NonEmptyPath() {
  return CLI::Validator(
      [](std::string& value) {
        return value.empty() ? std::string("the path is empty") : "";
      },
      "");
}

CLI::Validator NonEmpty(const std::string& instead) {
  return CLI::Validator(
      [=](std::string& value) {
        return value.empty() ? "it is empty; " + instead : std::string();
      },
      "");
}

namespace {

// A repeatable option that takes one value per occurrence, so that
// `-p a.proto TARGET` leaves TARGET to the positional arguments.
CLI::Option* AddRepeatable(CLI::App* app, const std::string& name,
                           std::vector<std::string>* values,
                           const std::string& description) {
  return app->add_option(name, *values, description)->allow_extra_args(false);
}

}  // namespace

CLI::Option* OneOf(CLI::Option* option,
                   const std::vector<std::string>& choices) {
  std::string names;
  for (const std::string& choice : choices) {
    names += (names.empty() ? "" : "|") + choice;
  }
  return option->type_name(names)->check(
      CLI::IsMember(choices).description(""));
}

std::vector<std::string> ChoicesOf(const CLI::Option& option) {
  // OneOf's type name is the list: other flags' names have no '|'.
  std::string names = option.get_type_name();
  std::vector<std::string> choices;
  if (names.find('|') == std::string::npos) return choices;
  size_t start = 0;
  while (true) {
    size_t bar = names.find('|', start);
    choices.push_back(names.substr(start, bar - start));
    if (bar == std::string::npos) return choices;
    start = bar + 1;
  }
}

CLI::Validator WholeNumber(int64_t lowest, int64_t highest) {
  return CLI::Validator(
      [=](std::string& value) {
        std::string digits = value;
        bool negative = !digits.empty() && digits[0] == '-';
        if (negative) digits.erase(0, 1);
        bool whole =
            !digits.empty() && digits.size() <= 18 &&
            digits.find_first_not_of("0123456789") == std::string::npos;
        int64_t number = whole ? std::stoll(digits) * (negative ? -1 : 1) : 0;
        if (whole && number >= lowest && number <= highest)
          return std::string();
        return "must be a whole number from " + std::to_string(lowest) +
               " to " + std::to_string(highest) + ", not " + value;
      },
      "");
}

// --max-time: 0 means no limit, as in grpcurl.
CLI::Validator MaxTimeCheck() {
  return BoundedNumber(0,
                       "must be a number of seconds, 0 or more (0: no limit)",
                       /*or_equal=*/true);
}

void AddSchemaOptions(CLI::App* app, SchemaOptions* schema) {
  AddRepeatable(app, "--protoset", &schema->protosets,
                "Load services and messages from this FileDescriptorSet, as "
                "protoc --include_imports --descriptor_set_out writes "
                "(repeatable)")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  app->add_option("--protoset-out", schema->protoset_out,
                  "Write the files this command used, with everything they "
                  "import, to FILE as a FileDescriptorSet")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  AddRepeatable(app, "-p,--proto", &schema->proto_files,
                "Load services and messages from this .proto file (repeatable)")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  AddRepeatable(app, "-I,--import-path", &schema->import_paths,
                "Look for .proto files and their imports under DIR "
                "(repeatable; default: the current directory)")
      ->type_name("DIR")
      ->check(NonEmptyPath());
}

void AddMetadataOptions(CLI::App* app, MetadataOptions* metadata,
                        bool for_calls) {
  AddRepeatable(app, "-H,--header", &metadata->headers,
                for_calls ? "Send this header with the call and with "
                            "reflection requests: 'name: value', or @FILE "
                            "with one per line (repeatable)"
                          : "Send this header with reflection requests: "
                            "'name: value', or @FILE with one per line "
                            "(repeatable)")
      ->type_name("HEADER");
  if (for_calls) {
    AddRepeatable(app, "--rpc-header", &metadata->rpc_headers,
                  "Send this header with the call only (repeatable)")
        ->type_name("HEADER");
  }
  AddRepeatable(app, "--reflect-header", &metadata->reflect_headers,
                "Send this header with reflection requests only (repeatable)")
      ->type_name("HEADER");
  app->add_flag("--expand-headers", metadata->expand_headers,
                "Replace ${NAME} in headers (names, values, @FILE lines) with "
                "the environment variable NAME; one that is not set is an "
                "error");
  if (for_calls) {
    app->add_flag("--show-secrets", metadata->show_secrets,
                  "With -v, show authorization, cookie and *token, *secret, "
                  "*password values instead of <redacted>");
  }
}

void AddConnectionOptions(CLI::App* app, ConnectionOptions* connection) {
  app->add_flag("--plaintext", connection->plaintext,
                "Use HTTP/2 without TLS (TLS with the system's trusted roots "
                "is the default)");
  app->add_flag("--insecure", connection->insecure,
                "Use TLS without checking the server's certificate");
  app->add_option("--cacert", connection->cacert,
                  "Trust the CAs in this PEM file instead of the system's")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  app->add_option("--cert", connection->cert,
                  "Present this PEM certificate to the server (mutual TLS; "
                  "needs --key)")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  app->add_option("--key", connection->key, "The PEM private key of --cert")
      ->type_name("FILE")
      ->check(NonEmptyPath());
  app->add_option("--authority", connection->authority,
                  "Send this :authority instead of the target's host")
      ->type_name("NAME")
      ->check(NonEmpty("leave it out to send the target's host"));
  app->add_option("--servername", connection->servername,
                  "Expect this name in the server's certificate, and send it "
                  "as the TLS server name")
      ->type_name("NAME")
      ->check(NonEmpty("leave it out to expect the target's host"));
  app->add_option("--user-agent", connection->user_agent,
                  "Put this before rpccli's own user agent")
      ->type_name("TEXT")
      ->check(NonEmpty("leave it out to send rpccli's own user agent"));
  app->add_option("--keepalive-time", connection->keepalive_time_seconds,
                  "Ping an idle connection this often, in seconds")
      ->type_name("SECONDS")
      ->check(BoundedNumber(0, "must be a number of seconds above 0"));
  app->add_option("--max-msg-sz", connection->max_message_bytes,
                  "Accept responses up to this many bytes (default 4194304)")
      ->type_name("BYTES")
      ->check(WholeNumber(int64_t{1}, int64_t{INT32_MAX}));
  app->add_option("--proxy", connection->proxy,
                  "Go through this HTTP CONNECT proxy (http://HOST:PORT) "
                  "instead of the one grpc_proxy, https_proxy or http_proxy "
                  "names; no_grpc_proxy or no_proxy still exempt their hosts")
      ->type_name("URL")
      ->check(NonEmpty("to connect directly, list the host in no_grpc_proxy"));
  OneOf(app->add_option_function<std::string>(
            "--protocol",
            [connection](const std::string& name) {
              ParseProtocol(name, &connection->protocol);
            },
            "grpc (the default), connect or grpcweb: Connect and gRPC-Web "
            "go over HTTP/1.1 or HTTP/2, to TARGET as host:port or an "
            "http:// or https:// URL with a path prefix"),
        ProtocolNames());
  app->add_flag("--http1", connection->http1,
                "With connect and grpcweb: use HTTP/1.1 (the default in "
                "plaintext; over TLS, HTTP/2 is negotiated)");
  app->add_flag("--http2-prior-knowledge", connection->http2_prior_knowledge,
                "With connect and grpcweb: use HTTP/2 without TLS (h2c), as "
                "Connect's client and bidi streams need");
  app->add_option("--connect-timeout", connection->connect_timeout_seconds,
                  "Give up connecting after this many seconds (default "
                  "10); for a single call or health, a shorter --max-time "
                  "ends the wait sooner")
      ->type_name("SECONDS")
      ->check(BoundedNumber(0, "must be a number of seconds above 0"));
}

void AddFormatOptions(CLI::App* app, FormatOptions* format,
                      std::string* format_name,
                      std::string* error_format_name) {
  OneOf(app->add_option("--format", *format_name,
                        "json (the default) or text: protobuf text format, "
                        "with messages separated by the record separator "
                        "0x1E"),
        {"json", "text"});
  app->add_flag("--emit-defaults", format->emit_defaults,
                "Print fields that hold their default value, and unset message "
                "fields as null");
  app->add_flag("--proto-names", format->proto_names,
                "Print fields by their .proto names, not their JSON names");
  app->add_flag("--allow-unknown-fields", format->allow_unknown_fields,
                "Ignore JSON fields that the request message does not have");
  OneOf(app->add_option("--format-error", *error_format_name,
                        "text (the default) or json: a failed call's status, "
                        "with its details, as one JSON object on stderr"),
        {"text", "json"});
  app->add_flag("--compact", format->compact,
                "Print each response on one line instead of indented");
}

// call and bench: TARGET METHOD [JSON], and every flag a call takes.
// CLI11 writes into `flags`, which the caller keeps until parsing is over.
void AddCallOptions(CLI::App* app, Options* options, CallFlags* flags,
                    const std::string& verbose_help) {
  app->add_option("TARGET", options->connection.target,
                  "host:port, [::1]:port, unix:/path or a gRPC target URI; "
                  "http:// means --plaintext")
      ->required();
  app->add_option("METHOD", options->method,
                  "pkg.Service/Method, pkg.Service.Method, or a unique "
                  "suffix such as Service/Method or Method")
      ->required();
  flags->data = app->add_option(
      "JSON|@FILE|@-", options->data,
      "The request: JSON text, @FILE to read a file, @- to read stdin");
  AddSchemaOptions(app, &options->schema);
  AddConnectionOptions(app, &options->connection);
  AddMetadataOptions(app, &options->metadata, /*for_calls=*/true);
  AddFormatOptions(app, &options->format, &flags->format_name,
                   &flags->error_format_name);
  app->add_option("--max-time", options->connection.max_time_seconds,
                  "Give up on the whole call after this many seconds "
                  "(exit 68, DeadlineExceeded); with --batch and bench, "
                  "on each call, the connection being made once before "
                  "them; 0: no limit, the default")
      ->type_name("SECONDS")
      ->check(MaxTimeCheck());
  app->add_flag("--connect-get", options->connection.connect_get,
                "With --protocol connect: send the call as a GET, for a "
                "unary method marked side-effect free (idempotency_level = "
                "NO_SIDE_EFFECTS), as browsers and caches want");
  OneOf(app->add_option("--compress", options->connection.compression,
                        "Compress request messages with gzip or deflate "
                        "(responses are decompressed whatever the server "
                        "chose)"),
        {"gzip", "deflate"});
  // An int flag counts its occurrences: -vv is 2.
  app->add_flag("-v,--verbose", flags->verbosity, verbose_help);
}

// bench's own flags: how many calls, how fast, and the report.
}  // namespace rpccli
