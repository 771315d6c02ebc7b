// rpccli describe: a symbol in .proto syntax, or a message's JSON template.
#include "../describe.h"

#include <algorithm>

#include "../message_template.h"
#include "commands.h"
#include "common.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The JSON template of a message, or of a method's request.
bool DescribeTemplate(const DescriptorSource& source, const std::string& symbol,
                      std::string* text, std::string* err) {
  const pb::Descriptor* type = source.pool()->FindMessageTypeByName(symbol);
  if (type == nullptr) {
    const pb::MethodDescriptor* method =
        source.pool()->FindMethodByName(symbol);
    if (method != nullptr) type = method->input_type();
  }
  if (type == nullptr) {
    *err =
        source.LookupError("\"" + symbol + "\" is not a message or a method");
    return false;
  }
  FormatOptions format;
  format.emit_defaults = true;
  Codec codec(source.pool(), format);
  pb::DynamicMessageFactory factory(source.pool());
  if (!codec.Append(*type, TemplateMessage(*type, &factory), text, err)) {
    return false;
  }
  *text += "\n";
  return true;
}

}  // namespace

int RunDescribe(const Options& options, const Io& io) {
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  ReportHeaderWarnings(headers, io);
  if (options.message_template && options.symbol.empty()) {
    return End(io, Fail(io, kExitUsage, "describe --template needs a SYMBOL"));
  }
  std::vector<const pb::FileDescriptor*> used;
  std::string text;
  if (options.symbol.empty()) {
    std::vector<const pb::ServiceDescriptor*> services;
    std::vector<std::string> undescribed;
    if (!source.Services(&services, &err, &undescribed)) {
      return End(io, Fail(io, kExitFailure, SchemaError(options, err)));
    }
    for (const pb::ServiceDescriptor* service : services) {
      text += DescribeService(*service);
      used.push_back(service->file());
    }
    // Said, not left out: in .proto syntax, as a comment.
    for (const std::string& name : undescribed) {
      text += "// " + name +
              ": the server lists this service but does not describe it\n";
    }
  } else {
    // Fetch the symbol's file from the server first, if it has to come
    // from there; a method may be written with a '/'.
    std::string symbol = options.symbol;
    std::replace(symbol.begin(), symbol.end(), '/', '.');
    if (!symbol.empty() && symbol[0] == '.') symbol.erase(0, 1);
    const pb::FileDescriptor* file = source.FindFileDefining(symbol);
    if (file == nullptr && source.reflection() != nullptr &&
        !source.reflection()->stream_error().empty()) {
      return End(
          io, Fail(io, kExitFailure,
                   SchemaError(options, source.reflection()->stream_error())));
    }
    bool described =
        options.message_template
            ? DescribeTemplate(source, symbol, &text, &err)
            : DescribeSymbol(source.LoadedFiles(), options.symbol, &text, &err);
    // By reflection only the files asked for are loaded: load every listed
    // service's too, so that a misspelt name finds its nearest (or is found
    // after all, when the server cannot say which file defines it).
    if (!described && !options.message_template &&
        source.reflection() != nullptr) {
      std::vector<const pb::ServiceDescriptor*> services;
      std::vector<std::string> undescribed;
      std::string ignored;
      if (source.Services(&services, &ignored, &undescribed)) {
        err.clear();
        described =
            DescribeSymbol(source.LoadedFiles(), options.symbol, &text, &err);
      }
    }
    if (!described)
      return End(io, Fail(io, kExitFailure, source.LookupError(err)));
    if (file != nullptr) used.push_back(file);
  }
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, used, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  *io.out << text;
  return End(io, kExitOk);
}

}  // namespace rpccli
