#include "run.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>

#include "call.h"
#include "channel.h"
#include "codec.h"
#include "describe.h"
#include "descriptor_source.h"
#include "printer.h"
#include "symbol.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Prints `message` as `rpccli: error: ...`, one such line per line of it.
int Fail(const Io& io, int code, const std::string& message) {
  std::istringstream lines(message);
  std::string line;
  while (std::getline(lines, line))
    *io.err << "rpccli: error: " << line << "\n";
  io.err->flush();
  return code;
}

bool OpenSchema(const Options& options, DescriptorSource* source,
                std::string* err) {
  if (options.schema.proto_files.empty()) {
    *err = options.connection.target +
           ": reading the schema from the server (reflection) is not "
           "supported yet; pass -p FILE";
    return false;
  }
  return source->Open(options.schema, err);
}

// The request stream: the argument, @FILE, @- or piped stdin.
struct Input {
  std::unique_ptr<ByteSource> owned;
  ByteSource* source = nullptr;
  std::string name;
};

bool OpenInput(const Options& options, const Io& io, Input* input,
               std::string* err) {
  const std::string& data = options.data;
  if (options.has_data && data == "@-") {
    input->source = io.in;
    input->name = "<stdin>";
  } else if (options.has_data && !data.empty() && data[0] == '@') {
    std::string path = data.substr(1);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    input->owned = std::make_unique<FdSource>(fd, /*owned=*/true);
    input->name = path;
  } else if (options.has_data) {
    input->owned = std::make_unique<StringSource>(data);
    input->name = "<argument>";
  } else if (!io.in_is_terminal) {
    input->source = io.in;
    input->name = "<stdin>";
  } else {
    input->owned = std::make_unique<StringSource>("");
    input->name = "<argument>";
  }
  if (input->owned) input->source = input->owned.get();
  return true;
}

// Reads the one request a unary method takes ({} when there is none) and
// checks that nothing follows it.
bool ReadUnaryRequest(JsonReader* reader, const Codec& codec,
                      const pb::MethodDescriptor& method, std::string* request,
                      std::string* err) {
  JsonValue value;
  JsonReader::Result result = reader->Next(&value, err);
  if (result == JsonReader::Result::kError) return false;
  if (result == JsonReader::Result::kEnd) value.text = "{}";

  std::string why;
  if (!codec.JsonToBinary(*method.input_type(), value.text, request, &why)) {
    *err = reader->name() + ":" + std::to_string(value.line) + ":" +
           std::to_string(value.column) + ": message " +
           std::to_string(value.number) + ": " + why;
    return false;
  }
  JsonValue extra;
  result = reader->Next(&extra, err);
  if (result == JsonReader::Result::kError) return false;
  if (result == JsonReader::Result::kValue) {
    *err = reader->name() + ":" + std::to_string(extra.line) + ":" +
           std::to_string(extra.column) + ": message " +
           std::to_string(extra.number) + ": " + method.full_name() +
           " is unary and takes exactly one request message";
    return false;
  }
  return true;
}

const char* CallKind(const pb::MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming())
    return "bidi-streaming";
  if (method.client_streaming()) return "client-streaming";
  if (method.server_streaming()) return "server-streaming";
  return "unary";
}

int RunList(const Options& options, const Io& io) {
  DescriptorSource source;
  std::string err;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  std::vector<const pb::ServiceDescriptor*> services = source.Services();
  if (options.symbol.empty()) {
    *io.out << ListServices(services);
    return kExitOk;
  }
  const pb::ServiceDescriptor* service =
      ResolveService(services, options.symbol, &err);
  if (service == nullptr) return Fail(io, kExitFailure, err);
  *io.out << ListMethods(*service);
  return kExitOk;
}

int RunDescribe(const Options& options, const Io& io) {
  DescriptorSource source;
  std::string err;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  if (options.symbol.empty()) {
    for (const pb::ServiceDescriptor* service : source.Services()) {
      *io.out << DescribeService(*service);
    }
    return kExitOk;
  }
  std::string text;
  if (!DescribeSymbol(source.AllFiles(), options.symbol, &text, &err)) {
    return Fail(io, kExitFailure, err);
  }
  *io.out << text;
  return kExitOk;
}

int RunCall(const Options& options, const Io& io) {
  std::string err;
  // Schema and method first: a typo should cost no connection.
  DescriptorSource source;
  if (!OpenSchema(options, &source, &err)) return Fail(io, kExitFailure, err);
  const pb::MethodDescriptor* method =
      ResolveMethod(source.Services(), options.method, &err);
  if (method == nullptr) return Fail(io, kExitFailure, err);
  if (method->client_streaming() || method->server_streaming()) {
    return Fail(io, kExitFailure,
                method->full_name() + ": " + CallKind(*method) +
                    " calls are not supported yet");
  }

  // The whole request is read and checked before connecting, so bad input
  // never reaches the server.
  Codec codec(source.pool(), options.format);
  Input input;
  if (!OpenInput(options, io, &input, &err)) return Fail(io, kExitFailure, err);
  JsonReader reader(input.source, input.name);
  std::string request;
  if (!ReadUnaryRequest(&reader, codec, *method, &request, &err)) {
    return Fail(io, kExitFailure, err);
  }

  // Connect before calling, so a server that cannot be reached is told
  // apart from one that answered with an error.
  std::shared_ptr<grpc::Channel> channel = CreateChannel(options.connection);
  if (!WaitForConnection(channel.get(), options.connection, &err)) {
    return Fail(io, kExitFailure, options.connection.target + ": " + err);
  }

  std::string response;
  grpc::Status status =
      CallUnary(channel, WirePath(*method), request, &response);
  if (!status.ok()) {
    *io.err << FormatStatus(status);
    return kExitRpcBase + status.error_code();
  }
  std::string json;
  if (!codec.AppendJson(*method->output_type(), response, &json, &err)) {
    return Fail(io, kExitFailure, "cannot decode the response: " + err);
  }
  json += '\n';
  *io.out << json;
  io.out->flush();
  return kExitOk;
}

}  // namespace

int Run(const Options& options, const Io& io) {
  switch (options.command) {
    case Command::kList:
      return RunList(options, io);
    case Command::kDescribe:
      return RunDescribe(options, io);
    case Command::kCall:
      return RunCall(options, io);
  }
  return kExitUsage;
}

}  // namespace rpccli
