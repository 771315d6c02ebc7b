// Setting up the engine a command calls with: what every call of the
// method is made with, gRPC or Connect/gRPC-Web (its HTTP setup checked
// against the method's kind), and the runners of many calls.
#ifndef RPCCLI_COMMANDS_CALL_SETUP_H_
#define RPCCLI_COMMANDS_CALL_SETUP_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/channel.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/options.h"
#include "commands/open_schema.h"
#include "transport/call_engine.h"
#include "transport/http/http_setup.h"
#include "transport/many_calls.h"

namespace rpccli {

/// What every call of the schema's method is made with: its path, the
/// call headers and --compress; no deadline, which each command sets.
CallSetup SetupCalls(const Options& options, const MethodSchema& schema);

/// --protocol connect or grpcweb: where the calls go and over which HTTP.
/// False, with `err`, if TARGET is no HTTP address (exit 1), or if the
/// protocol cannot carry this method's kind of call or --connect-get
/// cannot send it (`usage`: exit 2).
bool HttpSetupForMethod(const Options& options,
                        const google::protobuf::MethodDescriptor& method,
                        HttpSetup* http, std::string* err, bool* usage);

/// Makes the runner of `call --batch` and bench, afresh for each phase.
using RunnerFactory = std::function<std::unique_ptr<CallRunner>()>;

/// The runner factory for `options`: gRPC over `channels`, or Connect and
/// gRPC-Web over HTTP with --protocol. False, with `err`, if the protocol
/// cannot carry the method (`usage` set) or libcurl cannot be loaded.
bool RunnersFor(const Options& options, const MethodSchema& schema,
                std::vector<std::shared_ptr<grpc::Channel>> channels,
                const CallSetup& setup, int concurrency, RunnerFactory* make,
                std::string* err, bool* usage);

/// True for a method that takes and returns one message.
bool IsUnary(const google::protobuf::MethodDescriptor& method);

/// Which way `method` streams, as the HTTP transport takes it.
MethodShape ShapeOf(const google::protobuf::MethodDescriptor& method);

/// --max-time counted from now; no limit when it is 0.
std::chrono::system_clock::time_point DeadlineAfter(double seconds);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_CALL_SETUP_H_
