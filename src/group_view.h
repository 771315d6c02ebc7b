// protobuf 3.21's JSON mapping cannot read or write a group-encoded field
// (a proto2 group, or an editions message field with message_encoding
// DELIMITED): its parser writes a group without its end and its printer
// leaves groups out. JSON of such a type goes through a view of it in a
// pool of its own, where each group field is a plain message field, and
// the wire bytes are rewritten between the two encodings.
#ifndef RPCCLI_GROUP_VIEW_H_
#define RPCCLI_GROUP_VIEW_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace rpccli {

class GroupFreeView {
 public:
  explicit GroupFreeView(const google::protobuf::DescriptorPool* pool)
      : files_(pool), view_(&files_), factory_(&view_) {}

  /// `type` itself when no group field is within its reach (in it, or in a
  /// message it holds, at any depth); else its copy in the view, or null
  /// if the copy does not build. Safe from two threads.
  const google::protobuf::Descriptor* Of(
      const google::protobuf::Descriptor& type);

  /// Whether `type` belongs to the view.
  bool Holds(const google::protobuf::Descriptor& type) const {
    return type.file()->pool() == &view_;
  }
  const google::protobuf::DescriptorPool* pool() const { return &view_; }
  /// Makes the view's messages, with the view's extensions.
  google::protobuf::DynamicMessageFactory* factory() { return &factory_; }

 private:
  // The original pool's files with each group field a message field: the
  // view builds from it as it is asked, which keeps the view safe to use
  // from two threads, as a pool over a database is.
  class Files : public google::protobuf::DescriptorDatabase {
   public:
    explicit Files(const google::protobuf::DescriptorPool* pool)
        : pool_(pool) {}
    bool FindFileByName(const std::string& filename,
                        google::protobuf::FileDescriptorProto* output) override;
    bool FindFileContainingSymbol(
        const std::string& symbol_name,
        google::protobuf::FileDescriptorProto* output) override;
    bool FindFileContainingExtension(
        const std::string& containing_type, int field_number,
        google::protobuf::FileDescriptorProto* output) override;

   private:
    bool Copy(const google::protobuf::FileDescriptor* file,
              google::protobuf::FileDescriptorProto* output);
    const google::protobuf::DescriptorPool* pool_;
  };

  Files files_;
  google::protobuf::DescriptorPool view_;
  google::protobuf::DynamicMessageFactory factory_;
  std::mutex mutex_;
  std::map<const google::protobuf::Descriptor*,
           const google::protobuf::Descriptor*>
      views_;
};

/// Wire bytes of a `type` message (of the original pool, not the view)
/// with each group field, at any depth, written as a length-prefixed
/// message (`to_groups` false) or the other way. False if `in` is not
/// wire format or nests past protobuf's 100 levels.
bool RewriteGroups(const google::protobuf::Descriptor& type,
                   std::string_view in, bool to_groups, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_GROUP_VIEW_H_
