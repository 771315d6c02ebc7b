// Plain option structs, filled once by the command line and read everywhere
// else. No logic lives here.
#ifndef RPCCLI_BASE_OPTIONS_H_
#define RPCCLI_BASE_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/protocol.h"

namespace rpccli {

enum class Command {
  kList,
  kDescribe,
  kCall,
  kBench,
  kBenchMerge,
  kServe,
  kHealth,
  kCompletion
};

/// Where schemas come from.
struct SchemaOptions {
  /// .proto files given with -p/--proto or as FILE.proto arguments.
  std::vector<std::string> proto_files;
  /// Roots given with -I/--import-path; empty means the current directory.
  std::vector<std::string> import_paths;
  /// FileDescriptorSet files given with --protoset.
  std::vector<std::string> protosets;
  /// Where --protoset-out writes the files the command used; empty: nowhere.
  std::string protoset_out;
};

/// Request metadata, each `name: value` or `@FILE`.
struct MetadataOptions {
  /// -H: sent with the call and with reflection requests.
  std::vector<std::string> headers;
  /// --rpc-header: sent with the call only.
  std::vector<std::string> rpc_headers;
  /// --reflect-header: sent with reflection requests only.
  std::vector<std::string> reflect_headers;
  /// -v shows secret header values instead of <redacted>.
  bool show_secrets = false;
  /// --expand-headers: `${NAME}` in a header is the environment's NAME.
  bool expand_headers = false;
};

/// How to reach the server.
struct ConnectionOptions {
  /// host:port, [::1]:port, unix:/path, or any gRPC target URI.
  std::string target;
  /// Talk HTTP/2 without TLS.
  bool plaintext = false;
  /// TLS without checking the server's certificate.
  bool insecure = false;
  /// PEM file of the CAs to trust instead of the system's.
  std::string cacert;
  /// PEM files of the client's certificate and key, for mutual TLS.
  std::string cert;
  std::string key;
  /// The :authority to send instead of the target's host.
  std::string authority;
  /// The name to expect in the server's certificate (and to send as SNI).
  std::string servername;
  /// Prepended to gRPC's own user agent.
  std::string user_agent;
  /// Seconds to wait for the connection before giving up.
  double connect_timeout_seconds = 10;
  /// Seconds the whole call may take; 0: no limit.
  double max_time_seconds = 0;
  /// Seconds between keepalive pings on an idle connection; 0: none.
  double keepalive_time_seconds = 0;
  /// The largest response message accepted, in bytes; 0: gRPC's 4 MiB.
  int64_t max_message_bytes = 0;
  /// --proxy: the HTTP CONNECT proxy to go through instead of the one the
  /// environment names (proxy.h).
  std::string proxy;
  /// --compress: `gzip` or `deflate` to compress request messages with;
  /// empty: send them as they are.
  std::string compression;
  /// --protocol: gRPC, or Connect and gRPC-Web over HTTP (libcurl).
  Protocol protocol = Protocol::kGrpc;
  /// --http1, --http2-prior-knowledge: the HTTP version for connect and
  /// grpcweb (by default HTTP/1.1 in plaintext, HTTP/2 by ALPN over TLS).
  bool http1 = false;
  bool http2_prior_knowledge = false;
  /// --connect-get: send a side-effect-free unary Connect call as a GET.
  bool connect_get = false;
};

enum class MessageFormat { kJson, kText };

/// How requests are read and responses written.
struct FormatOptions {
  /// JSON (the proto3 mapping), or protobuf text format.
  MessageFormat format = MessageFormat::kJson;
  /// Print fields that hold their default value.
  bool emit_defaults = false;
  /// Print fields by their .proto names instead of their JSON names.
  bool proto_names = false;
  /// Skip JSON fields the message does not have instead of failing.
  bool allow_unknown_fields = false;
  /// One message per line instead of indented JSON.
  bool compact = false;
  /// --format-error json: a failed call's status as one JSON line.
  bool error_json = false;
};

enum class ReportFormat { kText, kJson, kHtml, kCsv, kPrometheus };

/// bench --report FORMAT[=FILE]: one report, and where it goes.
struct ReportOutput {
  ReportFormat format = ReportFormat::kText;
  std::string path;  // empty: stdout
};

/// call --batch and bench: many calls of one method.
struct ManyCallsOptions {
  /// call --batch: each input message is a call of its own.
  bool batch = false;
  /// -c/--concurrency: calls in flight at once; 0: the command's default
  /// (1 for --batch, 10 for bench).
  int concurrency = 0;
  /// bench -n/--requests: calls to make, not counting the warm-up; 0: as
  /// many as --duration allows (200 when neither is given).
  int64_t requests = 0;
  /// bench --duration: stop starting calls after this many seconds; 0: no
  /// limit but -n.
  double duration_seconds = 0;
  /// bench --rps: start calls on a fixed schedule of this many a second
  /// (an open loop); 0: each as soon as a slot is free.
  double rate = 0;
  /// bench --connections: channels the calls spread over.
  int connections = 1;
  /// bench --warmup: calls made first and left out of the report, or
  /// seconds of calls.
  int64_t warmup = 0;
  double warmup_seconds = 0;
  /// bench --rps-schedule, --concurrency-schedule: how the load changes,
  /// as given (commands/load_schedule.h reads them).
  std::string rate_schedule;
  std::string concurrency_schedule;
  /// bench --start-at: when the measured calls start, in milliseconds
  /// since the Unix epoch; 0: once connected and warmed up.
  int64_t start_at_unix_ms = 0;
  /// bench --fail-if: thresholds, as given (commands/bench_thresholds.h).
  std::vector<std::string> fail_if;
  /// bench --report: the reports and where each goes; none: text on stdout.
  std::vector<ReportOutput> reports;
  /// bench merge: the JSON reports to merge.
  std::vector<std::string> merge_files;
};

/// serve: where it listens and what it answers.
struct ServeOptions {
  /// --listen: host:port (port 0: one the system picks), or unix:/path.
  std::string listen = "127.0.0.1:50051";
  /// --stubs: JSON or NDJSON files of stubs, in the order they match.
  std::vector<std::string> stubs;
  /// --from: copy the schema from this server's reflection (a TARGET as
  /// call takes it: http:// for plaintext).
  std::string from;
  /// --record: each call answered, as a JSON line in this file.
  std::string record;
  /// --fake: a call no stub matches gets made-up messages of its type,
  /// the same for the same --seed and request.
  bool fake = false;
  uint64_t seed = 0;
  /// --cert, --key: serve TLS with this certificate; --cacert: and ask
  /// clients for a certificate this CA signed (mutual TLS).
  std::string cert;
  std::string key;
  std::string cacert;
};

/// Everything one invocation of rpccli was asked to do.
struct Options {
  /// The subcommand.
  Command command = Command::kList;
  SchemaOptions schema;
  ConnectionOptions connection;
  MetadataOptions metadata;
  ServeOptions serve;
  FormatOptions format;
  /// list: a service name; describe: any symbol; empty means all services.
  /// health: the service to ask about; empty means the server as a whole.
  std::string symbol;
  /// health --watch: follow the status instead of asking once.
  bool watch = false;
  /// describe: print a JSON template of the message (or of the method's
  /// request) instead of its definition.
  bool message_template = false;
  /// call, bench: the method, as `pkg.Service/Method` or a unique suffix.
  std::string method;
  /// call, bench: the request as JSON, `@FILE`, or `@-`; empty means stdin
  /// if piped.
  std::string data;
  /// Whether `data` was given at all (an empty string is still an argument).
  bool has_data = false;
  /// call --events: stdout carries each call's headers, messages, trailers
  /// and status as NDJSON events (events.h) instead of bare responses.
  bool events = false;
  /// call --max-responses: end a server stream, cancelling it, once this
  /// many responses are printed, and count that a success; 0: no limit.
  int64_t max_responses = 0;
  /// call: end stderr with how many messages went each way; all: report
  /// repairs made to what the server's reflection sent.
  bool verbose = false;
  /// call, -vv: also timings and message sizes.
  bool very_verbose = false;
  /// call --batch and bench.
  ManyCallsOptions many;
  /// completion: the shell to print the script for (bash, zsh or fish).
  std::string shell;
};

}  // namespace rpccli

#endif  // RPCCLI_BASE_OPTIONS_H_
