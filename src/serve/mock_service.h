// rpccli serve's calls: every method of the schema, answered from the
// stubs, and server reflection, through gRPC's generic callback service
// (each call a bidi stream of bytes, whatever its kind).
#ifndef RPCCLI_SERVE_MOCK_SERVICE_H_
#define RPCCLI_SERVE_MOCK_SERVICE_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/async_generic_service.h>

#include <cstdint>
#include <memory>
#include <mutex>

#include "codec/codec.h"
#include "serve/call_recorder.h"
#include "serve/reflection_answers.h"
#include "serve/stubs.h"

namespace rpccli {

class MockService : public grpc::CallbackGenericService {
 public:
  /// Everything given must outlive the service.
  MockService(const google::protobuf::DescriptorPool* pool,
              std::shared_ptr<const Stubs> stubs, const Codec* codec,
              const ReflectionAnswers* reflection, CallRecorder* recorder,
              bool fake, uint64_t seed);

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

  /// The codec, for one thread at a time (it is not safe for two parses
  /// at once).
  bool Canonical(const google::protobuf::Descriptor& type,
                 const std::string& bytes, nlohmann::json* json) const;

  const google::protobuf::DescriptorPool* pool() const { return pool_; }
  /// The stubs as they are now; a call keeps those it started with.
  std::shared_ptr<const Stubs> stubs() const;
  /// Answers from `stubs` from now on (a reload of the files).
  void ReplaceStubs(std::shared_ptr<const Stubs> stubs);
  const ReflectionAnswers& reflection() const { return *reflection_; }
  /// Where each call is recorded; null: nowhere.
  CallRecorder* recorder() const { return recorder_; }
  /// --fake: a call no stub matches gets made-up messages, from --seed.
  bool fake() const { return fake_; }
  uint64_t seed() const { return seed_; }

 private:
  const google::protobuf::DescriptorPool* pool_;
  mutable std::mutex stubs_mutex_;
  std::shared_ptr<const Stubs> stubs_;
  const Codec* codec_;
  const ReflectionAnswers* reflection_;
  CallRecorder* recorder_;
  bool fake_;
  uint64_t seed_;
  mutable std::mutex codec_mutex_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_MOCK_SERVICE_H_
