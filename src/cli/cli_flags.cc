#include "cli/cli_flags.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "base/edit_distance.h"
#include "base/text.h"
#include "base/utf8.h"
#include "cli/serve_flags.h"
#include "schema/symbol.h"
#include "transport/metadata.h"
#include "transport/proxy.h"
#include "transport/target_check.h"

namespace rpccli {
namespace {

constexpr char kVersion[] = RPCCLI_VERSION;  // from meson.build

constexpr char kFooter[] = R"(Exit codes:
  0      success
  1      local failure: a file, the schema, the input, the connection, or
         a write to stdout that was lost (a full disk)
  2      bad command line
  64+N   the RPC failed with gRPC status code N (e.g. 69 NotFound, 76 Unimplemented)
  99     bench, bench merge: a --fail-if threshold was crossed
  128+N  the call was cancelled by signal N (130 Ctrl-C, 143 SIGTERM)
         (bench prints its report first)
  141    stdout was closed early (as in `rpccli call ... | head -1`)
  A protocol violation by the server (no response or two to a unary
  method, a status outside 0..16) fails the call; see rpccli(1), PROMISES.
  health: 0 SERVING, 3 NOT_SERVING, 4 SERVICE_UNKNOWN, 5 UNKNOWN,
         76 no health service, 1 no connection

Environment:
  GRPC_TRACE, GRPC_VERBOSITY  when set, gRPC's own logs are kept (hidden otherwise)
  grpc_proxy, https_proxy, http_proxy  the HTTP CONNECT proxy, the first one set
  no_grpc_proxy, no_proxy     hosts (and their subdomains) reached directly
  SSL_CERT_FILE, SSL_CERT_DIR  the roots TLS trusts without --cacert (else the system's store)

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

// list and describe take `(TARGET | FILE.proto...) [NAME]`: an argument
// ending in .proto is a file, the rest are the target and the name.
bool SortSchemaArguments(const std::vector<std::string>& arguments,
                         Options* options, std::string* err) {
  std::vector<std::string> rest;
  for (const std::string& argument : arguments) {
    if (argument.empty()) {
      *err = "an argument is empty; give a TARGET, FILE.proto or a name";
      return false;
    }
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

// Text that goes into a request's headers as it is: printable ASCII only,
// or gRPC would send a line break or a byte no server takes.
bool CheckHeaderText(const std::string& flag, const std::string& value,
                     std::string* err) {
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      *err = flag + ": only printable ASCII goes in a header, and this has " +
             (byte >= 0x80 ? "a non-ASCII byte" : "a control character");
      return false;
    }
  }
  return true;
}

// An authority is host[:port] (RFC 3986's characters, userinfo and IPv6
// brackets included): a space or a slash would reach the server as a
// :authority no HTTP/2 server accepts, and its refusal would not say why.
bool CheckAuthority(const std::string& authority, std::string* err) {
  static const std::string kAllowed = "-._~%!$&'()*+,;=:@[]";
  for (char c : authority) {
    if (std::isalnum(static_cast<unsigned char>(c)) ||
        kAllowed.find(c) != std::string::npos) {
      continue;
    }
    if (!CheckHeaderText("--authority", std::string(1, c), err)) return false;
    *err = std::string("--authority: an authority is host[:port], and \"") + c +
           "\" is not among its characters";
    return false;
  }
  return true;
}

// Flags that contradict each other are a usage error, not a surprise later.
bool CheckConnectionFlags(const ConnectionOptions& connection,
                          std::string* err) {
  if (!CheckAuthority(connection.authority, err) ||
      !CheckHeaderText("--user-agent", connection.user_agent, err) ||
      !CheckHeaderText("--servername", connection.servername, err)) {
    return false;
  }
  ProxyChoice proxy;
  if (!connection.proxy.empty() &&
      !ChooseProxy(
          "host:1", connection.proxy,
          [](const char*) -> const char* { return nullptr; }, &proxy, err)) {
    return false;
  }
  bool over_http = connection.protocol != Protocol::kGrpc;
  if (!over_http && (connection.http1 || connection.http2_prior_knowledge)) {
    *err =
        std::string(connection.http1 ? "--http1" : "--http2-prior-knowledge") +
        " goes with --protocol connect or grpcweb (gRPC is HTTP/2)";
    return false;
  }
  if (connection.connect_get && connection.protocol != Protocol::kConnect) {
    *err = "--connect-get goes with --protocol connect";
    return false;
  }
  if (connection.http1 && connection.http2_prior_knowledge) {
    *err = "--http1 and --http2-prior-knowledge cannot go together";
    return false;
  }
  if (connection.cert.empty() != connection.key.empty()) {
    *err =
        connection.cert.empty() ? "--key needs --cert" : "--cert needs --key";
    return false;
  }
  if (!connection.plaintext) return true;
  if (connection.target.rfind("https://", 0) == 0) {
    *err =
        "--plaintext and an https:// TARGET cannot go together: https:// is "
        "TLS (http:// is plaintext)";
    return false;
  }
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
      "from .proto files, protosets, or the server's reflection, in proto2, "
      "proto3 or Protobuf Editions 2023 and 2024.\n\n"
      "  rpccli list     (TARGET | FILE.proto...) [SERVICE]\n"
      "  rpccli describe (TARGET | FILE.proto...) [SYMBOL]\n"
      "  rpccli call     TARGET METHOD [JSON | @FILE | @-]\n"
      "  rpccli call --batch TARGET METHOD [@FILE | @-]\n"
      "  rpccli bench    TARGET METHOD [JSON | @FILE | @-]\n"
      "  rpccli bench merge REPORT.json...\n"
      "  rpccli health   TARGET [SERVICE]\n"
      "  rpccli serve    [--listen ADDR] -p FILE.proto... [--stubs FILE]...\n"
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
      ->add_option("--max-responses", options_.max_responses,
                   "End a method's stream of responses after N, cancelling "
                   "the call, and exit 0 as if it had ended (with --batch, "
                   "each call's)")
      ->type_name("N")
      ->check(WholeNumber(int64_t{1}, int64_t{1} << 40));
  call_
      ->add_option("-c,--concurrency", options_.many.concurrency,
                   "With --batch: calls in flight at once (default 1)")
      ->type_name("N")
      ->check(WholeNumber(1, 10000));

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
                    "Follow the status (Watch) and print each status the "
                    "server sends until it ends the stream, --max-time or "
                    "Ctrl-C");
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
  AddBenchOptions(bench_, &options_.many, &bench_text_);
  bench_->footer(
      "Placeholders in the request (inside JSON strings) and in header "
      "values are filled for each call: {{call}}, {{worker}}, {{uuid}}, "
      "{{unix}}, {{unix_ms}}, {{unix_ns}}, {{rfc3339}}, "
      "{{randint:MIN:MAX}}, {{randstr:N}}, {{line:FILE}}, "
      "{{randline:FILE}}, {{literal:TEXT}}; see rpccli(1).");
  // `bench merge` is a command of its own: bench's TARGET and METHOD are
  // required by Finish instead, or CLI11 would take "merge" for TARGET.
  for (const char* name : {"TARGET", "METHOD"}) {
    bench_->get_option(name)->required(false);
  }
  bench_merge_ = bench_->add_subcommand(
      "merge",
      "Merge the JSON reports of bench runs (made side by side, on several "
      "machines) into one report of all their calls: counts added, "
      "percentiles those of all calls, seconds aligned by the clock");
  bench_merge_
      ->add_option("REPORT.json", options_.many.merge_files,
                   "Reports written by bench --report json (or json=FILE)")
      ->required();
  AddBenchReportOptions(bench_merge_, &options_.many, &bench_text_);
  bench_merge_->footer(
      "The runs' counts and loads are added; reports of different methods "
      "are refused. Exit 99 when a --fail-if threshold is crossed.");

  serve_ = app_.add_subcommand(
      "serve",
      "Serve the schema's services as a mock server: each method answers "
      "from the stubs; server reflection and health come with it");
  AddSchemaOptions(serve_, &options_.schema);
  AddServeOptions(serve_, &options_.serve);

  completion_ = app_.add_subcommand(
      "completion",
      "Print the completion script for SHELL, which completes subcommands, "
      "flags, files and the schema's service and method names");
  OneOf(completion_
            ->add_option("SHELL", options_.shell,
                         "bash, zsh or fish (rpccli(1) says where each goes)")
            ->required(),
        {"bash", "zsh", "fish"});

  // A flag that takes one value and is given twice takes the last, as in
  // curl and grpcurl: a script's default can be overridden by appending.
  for (CLI::App* command : app_.get_subcommands({})) {
    for (CLI::Option* option : command->get_options()) {
      if (option->get_expected_max() == 1 && !option->get_positional()) {
        option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
      }
    }
  }

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

namespace {

// "; it is a flag of call, list" for a one-letter `flag` that `command`
// does not take, naming the commands that do; health's own words for the
// schema's flags, which it needs none of.
std::string OtherCommandsFlag(CLI::App& app, const CLI::App& command,
                              const std::string& flag) {
  if (command.get_name() == "health" && (flag == "-p" || flag == "-I")) {
    return "; health needs no schema: grpc.health.v1 is built in";
  }
  std::string takers;
  for (CLI::App* other : app.get_subcommands({})) {
    for (const CLI::Option* option : other->get_options()) {
      const std::vector<std::string>& names = option->get_snames();
      if (std::find(names.begin(), names.end(), flag.substr(1)) !=
          names.end()) {
        takers += (takers.empty() ? "" : ", ") + other->get_name();
      }
    }
  }
  return takers.empty() ? "" : "; it is a flag of " + takers;
}

// "; did you mean X?" for the nearest of `names` worth suggesting.
std::string Suggestion(const std::vector<std::string>& names,
                       const std::string& typed) {
  Nearest nearest = NearestTo(names, typed);
  if (nearest.index == std::string::npos ||
      !WorthSuggesting(nearest.distance, typed)) {
    return "";
  }
  return "; did you mean " + names[nearest.index] + "?";
}

}  // namespace

bool CommandLine::CheckWords(const std::vector<std::string>& arguments,
                             std::string* err) {
  if (!arguments.empty() && arguments[0] == "--version" &&
      arguments.size() > 1) {
    *err = "--version takes nothing after it (found \"" + arguments[1] + "\")";
    return false;
  }
  if (arguments.empty() || StartsWith(arguments[0], "-")) return true;
  CLI::App* command = nullptr;
  std::vector<std::string> commands;
  for (CLI::App* candidate : app_.get_subcommands({})) {
    commands.push_back(candidate->get_name());
    if (candidate->get_name() == arguments[0]) command = candidate;
  }
  if (command == nullptr) {
    *err = "unknown command \"" + arguments[0] + "\"" +
           Suggestion(commands, arguments[0]);
    return false;
  }
  // `bench merge` has flags of its own.
  if (command == bench_ && arguments.size() > 1 && arguments[1] == "merge") {
    command = bench_merge_;
  }
  std::vector<std::string> flags = {"--help", "-h"};
  bool takes_d = false;
  for (const CLI::Option* option : command->get_options()) {
    for (const std::string& name : option->get_lnames()) {
      flags.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      takes_d = takes_d || name == "d";
      flags.push_back("-" + name);
    }
  }
  auto known = [&flags](const std::string& flag) {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  };
  // Flags that take no value: CLI11 reads --plaintext=VALUE as a bool in
  // many spellings, and says only "Could not convert" of the rest.
  std::vector<std::string> switches;
  for (const CLI::Option* option : command->get_options()) {
    if (option->get_expected_max() != 0) continue;
    for (const std::string& name : option->get_lnames()) {
      switches.push_back("--" + name);
    }
  }
  for (size_t i = 1; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--") break;
    std::string name = argument.substr(0, argument.find('='));
    if (StartsWith(name, "--") && !known(name)) {
      *err = command->get_name() + ": unknown flag " + name +
             Suggestion(flags, name);
      return false;
    }
    std::string value =
        name.size() < argument.size() ? argument.substr(name.size() + 1) : "";
    if (name.size() < argument.size() && value != "true" && value != "false" &&
        std::find(switches.begin(), switches.end(), name) != switches.end()) {
      *err = name + " takes no value (found \"=" + value + "\")";
      return false;
    }
    // A one-letter flag of another command: CLI11 said only that the
    // argument "was not expected".
    // (A digit is a value: --max-time -1.)
    bool one_letter = name.size() == 2 && name[0] == '-' &&
                      std::isalpha(static_cast<unsigned char>(name[1]));
    if (one_letter && name != "-d" && !known(name)) {
      *err = command->get_name() + ": unknown flag " + name +
             OtherCommandsFlag(app_, *command, name);
      return false;
    }
    // grpcurl's -d: where rpccli takes the request is not a flag.
    bool takes_request =
        command->get_name() == "call" || command->get_name() == "bench";
    if (name == "-d" && !takes_d && takes_request) {
      *err = command->get_name() +
             ": unknown flag -d; the request goes after METHOD, as JSON, "
             "@FILE or @- (rpccli call TARGET METHOD '{...}')";
      return false;
    }
    // CLI11 takes the next argument as the value of "--flag=": it would
    // eat the TARGET.
    if (StartsWith(name, "--") && argument.size() == name.size() + 1) {
      *err = argument + ": no value after '='; write " + name + "=VALUE (or " +
             name + " '' for an empty one)";
      return false;
    }
    if (name.size() > 2 && name[0] == '-' && name[1] != '-' &&
        known("-" + name)) {
      *err = name + ": did you mean -" + name +
             "? (one dash takes one letter: " + name.substr(0, 2) + " " +
             argument.substr(2) + ")";
      return false;
    }
  }
  return true;
}

bool CommandLine::Finish(std::string* err) {
  if (!CheckConnectionFlags(options_.connection, err)) return false;
  // call, bench and health require one; an empty one is not "none".
  bool needs_target = call_->parsed() ||
                      (bench_->parsed() && !bench_merge_->parsed()) ||
                      health_->parsed();
  if (needs_target && options_.connection.target.empty()) {
    *err = "TARGET is empty; give host:port, unix:/path or a URL";
    return false;
  }
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
    if (!IsValidUtf8(options_.symbol)) {
      *err = "health: SERVICE is not UTF-8, which a service name is";
      return false;
    }
    if (options_.connection.protocol != Protocol::kGrpc) {
      *err = "health: --protocol " +
             ProtocolName(options_.connection.protocol) +
             " is not supported; health checks are gRPC's";
      return false;
    }
  } else if (completion_->parsed()) {
    options_.command = Command::kCompletion;
  } else if (call_->parsed()) {
    options_.command = Command::kCall;
    call_flags_.Apply(&options_);
    if (options_.many.concurrency > 0 && !options_.many.batch) {
      *err = "--concurrency goes with --batch";
      return false;
    }
  } else if (serve_->parsed()) {
    options_.command = Command::kServe;
    if (options_.schema.proto_files.empty() &&
        options_.schema.protosets.empty() && options_.serve.from.empty()) {
      *err =
          "serve: give the schema: -p FILE.proto, --protoset FILE, or "
          "--from TARGET";
      return false;
    }
    if (!CheckListenAddress(options_.serve.listen, err)) return false;
    if (!options_.serve.from.empty()) {
      options_.connection.target = options_.serve.from;
      if (!CheckTarget(options_.connection.target, false, err)) {
        // serve takes its TARGET as --from.
        if (StartsWith(*err, "TARGET ")) *err = "--from " + err->substr(7);
        return false;
      }
    }
    return true;
  } else if (bench_merge_->parsed()) {
    options_.command = Command::kBenchMerge;
    if (!bench_text_.Apply(&options_.many, err)) return false;
    for (const ReportOutput& report : options_.many.reports) {
      if (report.format == ReportFormat::kCsv) {
        *err =
            "bench merge: --report csv has a row per call, which a JSON "
            "report does not keep";
        return false;
      }
    }
    return true;
  } else {
    options_.command = Command::kBench;
    for (const char* name : {"TARGET", "METHOD"}) {
      if (bench_->get_option(name)->count() == 0) {
        *err = std::string(name) + " is required";
        return false;
      }
    }
    bench_flags_.Apply(&options_);
    if (!bench_text_.Apply(&options_.many, err)) return false;
  }
  if (options_.has_data && options_.data == "@") {
    *err = "the request @ names no file: give @FILE, or @- for stdin";
    return false;
  }
  // list and describe have theirs only now.
  return CheckTarget(options_.connection.target,
                     options_.connection.protocol != Protocol::kGrpc, err);
}

}  // namespace rpccli
