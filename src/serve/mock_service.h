// rpccli serve's calls: every method of the schema, answered from the
// stubs, and server reflection, through gRPC's generic callback service
// (each call a bidi stream of bytes, whatever its kind).
#ifndef RPCCLI_SERVE_MOCK_SERVICE_H_
#define RPCCLI_SERVE_MOCK_SERVICE_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/async_generic_service.h>

#include <mutex>

#include "codec/codec.h"
#include "serve/reflection_answers.h"
#include "serve/stubs.h"

namespace rpccli {

class MockService : public grpc::CallbackGenericService {
 public:
  /// Everything given must outlive the service.
  MockService(const google::protobuf::DescriptorPool* pool, const Stubs* stubs,
              const Codec* codec, const ReflectionAnswers* reflection);

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

  /// The codec, for one thread at a time (it is not safe for two parses
  /// at once).
  bool Canonical(const google::protobuf::Descriptor& type,
                 const std::string& bytes, nlohmann::json* json) const;

  const google::protobuf::DescriptorPool* pool() const { return pool_; }
  const Stubs& stubs() const { return *stubs_; }
  const ReflectionAnswers& reflection() const { return *reflection_; }

 private:
  const google::protobuf::DescriptorPool* pool_;
  const Stubs* stubs_;
  const Codec* codec_;
  const ReflectionAnswers* reflection_;
  mutable std::mutex codec_mutex_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_MOCK_SERVICE_H_
