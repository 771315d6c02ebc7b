#include "cli_flags.h"

#include <climits>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "metadata.h"
#include "proxy.h"
#include "text.h"

namespace rpccli {
namespace {

constexpr char kVersion[] = RPCCLI_VERSION;  // from meson.build

constexpr char kFooter[] = R"(Exit codes:
  0      success
  1      local failure: a file, the schema, the input, or the connection
  2      bad command line
  64+N   the RPC failed with gRPC status code N (e.g. 69 NotFound, 76 Unimplemented)
  128+N  the call was cancelled by signal N (130 Ctrl-C, 143 SIGTERM)
         (bench prints its report first)
  141    stdout was closed early (as in `rpccli call ... | head -1`)
  health: 0 SERVING, 3 NOT_SERVING, 4 SERVICE_UNKNOWN, 5 UNKNOWN,
         76 no health service, 1 no connection

Environment:
  GRPC_TRACE, GRPC_VERBOSITY  when set, gRPC's own logs are kept (hidden otherwise)
  grpc_proxy, https_proxy, http_proxy  the HTTP CONNECT proxy, the first one set
  no_grpc_proxy, no_proxy     hosts (and their subdomains) reached directly

Examples:
  rpccli list greeter.proto
  rpccli list --plaintext localhost:50051
  rpccli describe -p greeter.proto helloworld.HelloRequest
  rpccli call --plaintext -p greeter.proto localhost:50051 helloworld.Greeter/SayHello '{"name":"x"}'
  cat msgs.ndjson | rpccli call --plaintext -p svc.proto localhost:50051 pkg.Svc/Upload
  rpccli call --batch -c 8 --plaintext localhost:50051 pkg.Svc/Get @requests.ndjson
  rpccli bench --plaintext -c 16 -n 100000 localhost:50051 pkg.Svc/Get '{"id":1}'
  rpccli health --plaintext localhost:50051 pkg.Svc
  source <(rpccli completion bash)

See rpccli(1) for more.)";

// A finite number above `lowest` (or at least it, if `or_equal`); else
// `what`, one plain line, where CLI11's own ranges print DBL_MAX in full.
CLI::Validator NumberAbove(double lowest, const std::string& what,
                           bool or_equal = false) {
  return CLI::Validator(
      [=](std::string& value) {
        double number = 0;
        bool fits = CLI::detail::lexical_cast(value, number) &&
                    std::isfinite(number) &&
                    (or_equal ? number >= lowest : number > lowest);
        return fits ? std::string() : what;
      },
      "");
}

// --max-time: 0 means no limit, as in grpcurl.
CLI::Validator MaxTimeCheck() {
  return NumberAbove(0, "must be a number of seconds, 0 or more (0: no limit)",
                     /*or_equal=*/true);
}

// A repeatable option that takes one value per occurrence, so that
// `-p a.proto TARGET` leaves TARGET to the positional arguments.
CLI::Option* AddRepeatable(CLI::App* app, const std::string& name,
                           std::vector<std::string>* values,
                           const std::string& description) {
  return app->add_option(name, *values, description)->allow_extra_args(false);
}

void AddSchemaOptions(CLI::App* app, SchemaOptions* schema) {
  AddRepeatable(app, "--protoset", &schema->protosets,
                "Load services and messages from this FileDescriptorSet, as "
                "protoc --include_imports --descriptor_set_out writes "
                "(repeatable)")
      ->type_name("FILE");
  app->add_option("--protoset-out", schema->protoset_out,
                  "Write the files this command used, with everything they "
                  "import, to FILE as a FileDescriptorSet")
      ->type_name("FILE");
  AddRepeatable(app, "-p,--proto", &schema->proto_files,
                "Load services and messages from this .proto file (repeatable)")
      ->type_name("FILE");
  AddRepeatable(app, "-I,--import-path", &schema->import_paths,
                "Look for .proto files and their imports under DIR "
                "(repeatable; default: the current directory)")
      ->type_name("DIR");
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
      ->type_name("FILE");
  app->add_option("--cert", connection->cert,
                  "Present this PEM certificate to the server (mutual TLS; "
                  "needs --key)")
      ->type_name("FILE");
  app->add_option("--key", connection->key, "The PEM private key of --cert")
      ->type_name("FILE");
  app->add_option("--authority", connection->authority,
                  "Send this :authority instead of the target's host")
      ->type_name("NAME");
  app->add_option("--servername", connection->servername,
                  "Expect this name in the server's certificate, and send it "
                  "as the TLS server name")
      ->type_name("NAME");
  app->add_option("--user-agent", connection->user_agent,
                  "Put this before rpccli's own user agent")
      ->type_name("TEXT");
  app->add_option("--keepalive-time", connection->keepalive_time_seconds,
                  "Ping an idle connection this often, in seconds")
      ->type_name("SECONDS")
      ->check(NumberAbove(0, "must be a number of seconds above 0"));
  app->add_option("--max-msg-sz", connection->max_message_bytes,
                  "Accept responses up to this many bytes (default 4194304)")
      ->type_name("BYTES")
      ->check(CLI::Range(int64_t{1}, int64_t{INT32_MAX}).description(""));
  app->add_option("--proxy", connection->proxy,
                  "Go through this HTTP CONNECT proxy (http://HOST:PORT) "
                  "instead of the one grpc_proxy, https_proxy or http_proxy "
                  "names; no_grpc_proxy or no_proxy still exempt their hosts")
      ->type_name("URL");
  app->add_option("--connect-timeout", connection->connect_timeout_seconds,
                  "Give up connecting after this many seconds (default 10)")
      ->type_name("SECONDS")
      ->check(NumberAbove(0, "must be a number of seconds above 0"));
}

void AddFormatOptions(CLI::App* app, FormatOptions* format,
                      std::string* format_name,
                      std::string* error_format_name) {
  app->add_option("--format", *format_name,
                  "json (the default) or text: protobuf text format, with "
                  "messages separated by the record separator 0x1E")
      ->type_name("json|text")
      ->check(CLI::IsMember({"json", "text"}).description(""));
  app->add_flag("--emit-defaults", format->emit_defaults,
                "Print fields that hold their default value, and unset message "
                "fields as null");
  app->add_flag("--proto-names", format->proto_names,
                "Print fields by their .proto names, not their JSON names");
  app->add_flag("--allow-unknown-fields", format->allow_unknown_fields,
                "Ignore JSON fields that the request message does not have");
  app->add_option("--format-error", *error_format_name,
                  "text (the default) or json: a failed call's status, with "
                  "its details, as one JSON object on stderr")
      ->type_name("text|json")
      ->check(CLI::IsMember({"text", "json"}).description(""));
  app->add_flag("--compact", format->compact,
                "Print each response on one line instead of indented");
}

// What call and bench read from their flags after parsing.

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
                  "on each call; 0: no limit, the default")
      ->type_name("SECONDS")
      ->check(MaxTimeCheck());
  app->add_option("--compress", options->connection.compression,
                  "Compress request messages with gzip or deflate (responses "
                  "are decompressed whatever the server chose)")
      ->type_name("gzip|deflate")
      ->check(CLI::IsMember({"gzip", "deflate"}).description(""));
  // An int flag counts its occurrences: -vv is 2.
  app->add_flag("-v,--verbose", flags->verbosity, verbose_help);
}

// bench's own flags: how many calls, how fast, and the report.
void AddBenchOptions(CLI::App* app, ManyCallsOptions* many,
                     std::string* report_name) {
  app->add_option("-c,--concurrency", many->concurrency,
                  "Calls in flight at once (default 10)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000).description(""));
  app->add_option("-n,--requests", many->requests,
                  "Make N calls, not counting --warmup (default 200, or no "
                  "limit with --duration)")
      ->type_name("N")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40).description(""));
  app->add_option("--duration", many->duration_seconds,
                  "Start calls for this many seconds; calls still in flight "
                  "then are cancelled and not counted")
      ->type_name("SECONDS")
      ->check(NumberAbove(0, "must be a number of seconds above 0"));
  app->add_option("--rps", many->rate,
                  "Start R calls a second on a fixed schedule, each timed "
                  "from when it was due (default: each as soon as a call "
                  "ends)")
      ->type_name("R")
      ->check(NumberAbove(0, "must be a number of calls a second above 0"));
  app->add_option("--connections", many->connections,
                  "Spread the calls over N connections (default 1)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000).description(""));
  app->add_option("--warmup", many->warmup,
                  "Make N calls first and leave them out of the report")
      ->type_name("N")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40).description(""));
  app->add_option("--report", *report_name,
                  "text (the default) or json: the report as one JSON object "
                  "on stdout")
      ->type_name("text|json")
      ->check(CLI::IsMember({"text", "json"}).description(""));
}

// list and describe take `(TARGET | FILE.proto...) [NAME]`: an argument
// ending in .proto is a file, the rest are the target and the name.
bool SortSchemaArguments(const std::vector<std::string>& arguments,
                         Options* options, std::string* err) {
  std::vector<std::string> rest;
  for (const std::string& argument : arguments) {
    if (EndsWith(argument, ".proto")) {
      options->schema.proto_files.push_back(argument);
    } else {
      rest.push_back(argument);
    }
  }
  bool have_files = !options->schema.proto_files.empty() ||
                    !options->schema.protosets.empty();
  if (!have_files && rest.empty()) {
    *err = "give a TARGET or FILE.proto (or -p FILE, --protoset FILE)";
    return false;
  }
  if (rest.size() > 2) {
    *err = "unexpected argument \"" + rest[2] + "\"";
    return false;
  }
  // With files, a single argument is the name to list or describe, unless
  // it has a ':', which no name has and every target does.
  bool single_is_target =
      rest.size() == 1 && rest[0].find(':') != std::string::npos;
  if (have_files && rest.size() == 1 && !single_is_target) {
    options->symbol = rest[0];
  } else if (!rest.empty()) {
    options->connection.target = rest[0];
    if (rest.size() == 2) options->symbol = rest[1];
  }
  return true;
}

// Flags that contradict each other are a usage error, not a surprise later.
bool CheckConnectionFlags(const ConnectionOptions& connection,
                          std::string* err) {
  ProxyChoice proxy;
  if (!connection.proxy.empty() &&
      !ChooseProxy(
          "host:1", connection.proxy,
          [](const char*) -> const char* { return nullptr; }, &proxy, err)) {
    return false;
  }
  if (connection.cert.empty() != connection.key.empty()) {
    *err =
        connection.cert.empty() ? "--key needs --cert" : "--cert needs --key";
    return false;
  }
  if (!connection.plaintext) return true;
  const std::pair<bool, const char*> tls_flags[] = {
      {connection.insecure, "--insecure"},
      {!connection.cacert.empty(), "--cacert"},
      {!connection.cert.empty(), "--cert"},
      {!connection.servername.empty(), "--servername"},
  };
  for (const auto& flag : tls_flags) {
    if (flag.first) {
      *err = std::string("--plaintext and ") + flag.second +
             " cannot go together: " + flag.second + " is for TLS";
      return false;
    }
  }
  return true;
}

}  // namespace

void CallFlags::Apply(Options* options) const {
  options->has_data = data->count() > 0;
  options->format.format =
      format_name == "text" ? MessageFormat::kText : MessageFormat::kJson;
  options->format.error_json = error_format_name == "json";
  options->verbose = verbosity >= 1;
  options->very_verbose = verbosity >= 2;
}

CommandLine::CommandLine(bool for_completion) {
  app_.description(
      "rpccli calls gRPC servers from the command line, with the schema "
      "from .proto files, protosets, or the server's reflection.\n\n"
      "  rpccli list     (TARGET | FILE.proto...) [SERVICE]\n"
      "  rpccli describe (TARGET | FILE.proto...) [SYMBOL]\n"
      "  rpccli call     TARGET METHOD [JSON | @FILE | @-]\n"
      "  rpccli call --batch TARGET METHOD [@FILE | @-]\n"
      "  rpccli bench    TARGET METHOD [JSON | @FILE | @-]\n"
      "  rpccli health   TARGET [SERVICE]\n"
      "  rpccli completion bash|zsh|fish\n");
  app_.set_version_flag("--version", kVersion);
  app_.require_subcommand(1);
  app_.footer(kFooter);

  list_ =
      app_.add_subcommand("list", "List services, or the methods of SERVICE");
  list_
      ->add_option("ARGS", list_arguments_,
                   "(TARGET | FILE.proto...) [SERVICE]: a server or .proto "
                   "files, then a service whose methods to list")
      ->type_name("");
  AddSchemaOptions(list_, &options_.schema);
  AddConnectionOptions(list_, &options_.connection);
  AddMetadataOptions(list_, &options_.metadata, /*for_calls=*/false);
  list_->add_flag("-v,--verbose", options_.verbose,
                  "Say on stderr what was repaired in the server's schema");

  describe_ = app_.add_subcommand(
      "describe",
      "Show a service, method, message, enum or field in .proto syntax "
      "(all services if no SYMBOL)");
  describe_
      ->add_option("ARGS", describe_arguments_,
                   "(TARGET | FILE.proto...) [SYMBOL]: a server or .proto "
                   "files, then a symbol to describe")
      ->type_name("");
  AddSchemaOptions(describe_, &options_.schema);
  AddConnectionOptions(describe_, &options_.connection);
  AddMetadataOptions(describe_, &options_.metadata, /*for_calls=*/false);
  describe_->add_flag("--template", options_.message_template,
                      "Print a JSON template of the message SYMBOL (or of the "
                      "method SYMBOL's request) that call accepts as it is");
  describe_->add_flag("-v,--verbose", options_.verbose,
                      "Say on stderr what was repaired in the server's schema");

  call_ = app_.add_subcommand(
      "call",
      "Call METHOD on TARGET (unary or streaming) with requests from JSON, "
      "@FILE, @- (stdin), or piped stdin");
  AddCallOptions(call_, &options_, &call_flags_,
                 "Show on stderr the request metadata, response headers and "
                 "trailers, what was repaired in the server's schema, and "
                 "how many messages went each way (with --batch, for each "
                 "call); -vv adds timings and sizes");
  call_->add_flag("--batch", options_.many.batch,
                  "Make each input message a call of its own, all on one "
                  "connection (unary and server-streaming methods); responses "
                  "print in input order");
  call_->add_flag("--events", options_.events,
                  "Print on stdout one JSON line per event of each call -- "
                  "headers, message, trailers, status -- instead of bare "
                  "responses");
  call_
      ->add_option("-c,--concurrency", options_.many.concurrency,
                   "With --batch: calls in flight at once (default 1)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000).description(""));

  health_ = app_.add_subcommand(
      "health",
      "Ask TARGET's standard health service (grpc.health.v1) whether SERVICE, "
      "or the server as a whole, is serving; exit 0 only if it is");
  health_
      ->add_option("TARGET", options_.connection.target,
                   "host:port, [::1]:port, unix:/path or a gRPC target URI; "
                   "http:// means --plaintext")
      ->required();
  health_->add_option("SERVICE", options_.symbol,
                      "The service to ask about (default: the whole server)");
  AddConnectionOptions(health_, &options_.connection);
  AddMetadataOptions(health_, &options_.metadata, /*for_calls=*/true);
  health_->add_flag("--watch", options_.watch,
                    "Follow the status (Watch) and print each change until the "
                    "server ends the stream, --max-time or Ctrl-C");
  health_
      ->add_option("--max-time", options_.connection.max_time_seconds,
                   "Give up after this many seconds (exit 68; with --watch, "
                   "exit by the last status seen); 0: no limit, the default")
      ->type_name("SECONDS")
      ->check(MaxTimeCheck());

  bench_ = app_.add_subcommand(
      "bench",
      "Call METHOD on TARGET many times and report how the server held up: "
      "rate, latency percentiles, status counts");
  AddCallOptions(bench_, &options_, &bench_flags_,
                 "Say on stderr what was repaired in the server's schema");
  AddBenchOptions(bench_, &options_.many, &report_name_);

  completion_ = app_.add_subcommand(
      "completion",
      "Print the completion script for SHELL, which completes subcommands, "
      "flags, files and the schema's service and method names");
  completion_
      ->add_option("SHELL", options_.shell,
                   "bash, zsh or fish (rpccli(1) says where each goes)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}).description(""));

  if (for_completion) {
    // A command line being typed lacks what it will have: fill in what
    // is there.
    for (CLI::App* command : app_.get_subcommands({})) {
      for (CLI::Option* option : command->get_options()) {
        option->required(false);
      }
    }
  }
}

bool CommandLine::Finish(std::string* err) {
  if (!CheckConnectionFlags(options_.connection, err)) return false;
  if (!CheckCommandLineHeaders(options_.metadata, err)) return false;
  if (list_->parsed()) {
    options_.command = Command::kList;
    if (!SortSchemaArguments(list_arguments_, &options_, err)) {
      *err = "list: " + *err;
      return false;
    }
  } else if (describe_->parsed()) {
    options_.command = Command::kDescribe;
    if (!SortSchemaArguments(describe_arguments_, &options_, err)) {
      *err = "describe: " + *err;
      return false;
    }
  } else if (health_->parsed()) {
    options_.command = Command::kHealth;
  } else if (completion_->parsed()) {
    options_.command = Command::kCompletion;
  } else if (call_->parsed()) {
    options_.command = Command::kCall;
    call_flags_.Apply(&options_);
    if (options_.many.concurrency > 0 && !options_.many.batch) {
      *err = "--concurrency goes with --batch";
      return false;
    }
  } else {
    options_.command = Command::kBench;
    bench_flags_.Apply(&options_);
    options_.many.report =
        report_name_ == "json" ? ReportFormat::kJson : ReportFormat::kText;
  }
  return true;
}

}  // namespace rpccli
