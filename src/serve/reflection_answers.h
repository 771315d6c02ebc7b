// Server reflection as rpccli serve answers it, from the schema it serves:
// grpc.reflection.v1 and v1alpha, whose messages have one wire form.
#ifndef RPCCLI_SERVE_REFLECTION_ANSWERS_H_
#define RPCCLI_SERVE_REFLECTION_ANSWERS_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

namespace rpccli {

class ReflectionAnswers {
 public:
  /// `services`: the full names list_services gives. Files and symbols
  /// are looked up in `pool`, then in the schemas of the services serve
  /// adds (reflection v1 and v1alpha, health), under the file names other
  /// servers give them.
  ReflectionAnswers(const google::protobuf::DescriptorPool* pool,
                    std::vector<std::string> services);

  /// The ServerReflectionResponse, in wire bytes, to a request's; one that
  /// does not parse, or asks for what is not here, gets an error_response.
  std::string Answer(const std::string& request_bytes) const;

 private:
  const google::protobuf::FileDescriptor* FindFile(
      const std::string& name) const;
  const google::protobuf::FileDescriptor* FileOfSymbol(
      const std::string& symbol) const;

  const google::protobuf::DescriptorPool* pool_;
  google::protobuf::DescriptorPool built_in_;
  std::vector<std::string> services_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_REFLECTION_ANSWERS_H_
