// rpccli list: the services of the schema, or the methods of one.
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "schema/symbol.h"
#include "show/describe_text.h"

namespace rpccli {

namespace pb = google::protobuf;

int RunList(const Options& options, const Io& io) {
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  ReportHeaderWarnings(headers, io);
  std::vector<std::string> names;
  if (!source.ServiceNames(&names, &err)) {
    bool have_files = !options.schema.proto_files.empty() ||
                      !options.schema.protosets.empty();
    if (!have_files) {
      return End(io, Fail(io, kExitFailure, SchemaError(options, source, err)));
    }
    // The files hold services of their own: a server that cannot add its
    // own (no reflection, say) leaves the list to them.
    *io.err << "rpccli: warning: " << options.connection.target
            << ": only the files' services are listed, the server's could "
               "not be had: "
            << err << "\n";
    names.clear();
    for (const pb::ServiceDescriptor* service : source.LocalServices()) {
      names.push_back(service->full_name());
    }
  }
  std::vector<const pb::FileDescriptor*> used;
  std::string text;
  if (options.symbol.empty()) {
    // Said, since an empty list looks like a failure that went unsaid.
    if (names.empty() && source.reflection() != nullptr) {
      *io.err << "rpccli: warning: " << options.connection.target
              << " lists no services (besides reflection)\n";
    }
    text = ListServices(names);
    // Only names were needed, unless the files are to be written out.
    if (!options.schema.protoset_out.empty()) {
      for (const std::string& name : names) {
        const pb::ServiceDescriptor* service = source.FindService(name, &err);
        if (service == nullptr) return End(io, Fail(io, kExitFailure, err));
        used.push_back(service->file());
      }
    }
  } else {
    std::string name = ResolveServiceName(names, options.symbol, &err);
    if (name.empty()) return End(io, Fail(io, kExitFailure, err));
    const pb::ServiceDescriptor* service = source.FindService(name, &err);
    if (service == nullptr) return End(io, Fail(io, kExitFailure, err));
    text = ListMethods(*service);
    used.push_back(service->file());
  }
  ReportRepairs(options, source, io);
  if (!WriteProtosetIfAsked(options, source, used, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  *io.out << text;
  return End(io, kExitOk);
}

}  // namespace rpccli
