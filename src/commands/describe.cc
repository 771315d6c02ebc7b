// rpccli describe: a symbol in .proto syntax, or a message's JSON template.
#include "show/describe_text.h"

#include <algorithm>

#include "base/text.h"
#include "base/utf8.h"
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "show/message_template.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The JSON template of a message, or of a method's request; `warning`
// says what in it call cannot take as it is, or stays "".
bool DescribeTemplate(const DescriptorSource& source, const std::string& symbol,
                      std::string* text, std::string* warning,
                      std::string* err) {
  const pb::Descriptor* type = source.pool()->FindMessageTypeByName(symbol);
  if (type == nullptr) {
    const pb::MethodDescriptor* method =
        source.pool()->FindMethodByName(symbol);
    if (method != nullptr) type = method->input_type();
  }
  if (type == nullptr) {
    *err =
        source.LookupError(NotAMessageOrMethod(source.LoadedFiles(), symbol));
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
  std::string unshown = codec.TakeUnshownFields();
  if (!unshown.empty()) {
    *warning = "the template leaves empty what JSON cannot hold (field " +
               unshown + "); call takes it in text format (--format text)";
  }
  std::string clash = codec.TakeNameClashes();
  if (!clash.empty()) *warning = EscapeControls(clash) + kNameClashOutcome;
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
  // Editions files as written, not as lowered for protobuf 3.21.
  WrittenAs written_as = [&source](const std::string& name) {
    return source.WrittenAs(name);
  };
  if (options.symbol.empty()) {
    std::vector<const pb::ServiceDescriptor*> services;
    std::vector<std::string> undescribed;
    if (!source.Services(&services, &err, &undescribed)) {
      return End(io, Fail(io, kExitFailure, SchemaError(options, source, err)));
    }
    // Said, as list says it: an empty answer looks like a failure unsaid.
    if (services.empty() && undescribed.empty() &&
        source.reflection() != nullptr) {
      *io.err << "rpccli: warning: " << options.connection.target
              << " lists no services (besides reflection)\n";
    }
    for (const pb::ServiceDescriptor* service : services) {
      text += DescribeService(*service, written_as);
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
                   SchemaError(options, source,
                               source.reflection()->stream_error())));
    }
    std::string warning;
    bool described =
        options.message_template
            ? DescribeTemplate(source, symbol, &text, &warning, &err)
            : DescribeSymbol(source.LoadedFiles(), options.symbol, &text, &err,
                             written_as);
    // Why it failed, before loading more files can add unrelated faults.
    std::string failure = described ? "" : source.LookupError(err);
    // By reflection only the files asked for are loaded: load every listed
    // service's too, so that a misspelt name finds its nearest (or is found
    // after all, when the server cannot say which file defines it).
    if (!described && source.reflection() != nullptr) {
      std::vector<const pb::ServiceDescriptor*> services;
      std::vector<std::string> undescribed;
      std::string ignored;
      std::string after_all;
      if (source.Services(&services, &ignored, &undescribed) &&
          (options.message_template
               ? DescribeTemplate(source, symbol, &text, &warning, &after_all)
               : DescribeSymbol(source.LoadedFiles(), options.symbol, &text,
                                &after_all, written_as))) {
        described = true;
        file = source.FindFileDefining(symbol);  // for --protoset-out
      } else if (!after_all.empty() && failure == err) {
        failure = after_all;  // names the nearest symbol of every service
      }
      // A service the server lists, or something in it, that it does not
      // describe: not unknown, unanswered.
      for (const std::string& name : undescribed) {
        if (!described && (symbol == name || StartsWith(symbol, name + "."))) {
          failure = options.connection.target + " lists " + name +
                    " but does not describe it";
        }
      }
    }
    if (!described) return End(io, Fail(io, kExitFailure, failure));
    if (!warning.empty()) *io.err << "rpccli: warning: " << warning << "\n";
    if (file != nullptr) used.push_back(file);
    // Said without -v too (-v says it as a repair): the server may not
    // serve it at all.
    if (!options.verbose && file != nullptr &&
        file->name() == BuiltInHealthDatabase::kFileName &&
        source.HealthStoodIn()) {
      *io.err << "rpccli: warning: the server does not describe "
                 "grpc.health.v1.Health; this is rpccli's own copy of "
              << BuiltInHealthDatabase::kFileName
              << " (rpccli list shows whether the server serves it)\n";
    }
  }
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, source, used, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  // Comments come from the files, or from the server: none may drive the
  // terminal.
  *io.out << EscapeControlsButLayout(text);
  return End(io, kExitOk);
}

}  // namespace rpccli
