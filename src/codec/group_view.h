// protobuf 3.21's JSON mapping cannot read or write a group-encoded field
// (a proto2 group, or an editions message field with message_encoding
// DELIMITED): its parser writes a group without its end and its printer
// leaves groups out. JSON of such a type goes through a view of it in a
// pool of its own, where each group field is a plain message field, and
// the wire bytes are rewritten between the two encodings.
#ifndef RPCCLI_CODEC_GROUP_VIEW_H_
#define RPCCLI_CODEC_GROUP_VIEW_H_

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
  /// With `group_like_too` false, the view keeps as groups those that are
  /// written as proto2 wrote groups (a message of the field's name, but
  /// capitalized, beside it), as text format needs: it names other groups
  /// by their type, which two fields may share.
  explicit GroupFreeView(const google::protobuf::DescriptorPool* pool,
                         bool group_like_too = true)
      : files_(pool, group_like_too),
        view_(&files_),
        factory_(&view_),
        group_like_too_(group_like_too) {}

  /// `type` itself when no group field the view makes a message field is
  /// within its reach (in it, or in a message it holds, at any depth);
  /// else its copy in the view, or null if the copy does not build. Safe
  /// from two threads.
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
    Files(const google::protobuf::DescriptorPool* pool, bool group_like_too)
        : pool_(pool), group_like_too_(group_like_too) {}
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
    bool group_like_too_;
  };

  Files files_;
  google::protobuf::DescriptorPool view_;
  google::protobuf::DynamicMessageFactory factory_;
  bool group_like_too_;
  std::mutex mutex_;
  std::map<const google::protobuf::Descriptor*,
           const google::protobuf::Descriptor*>
      views_;
};

/// Whether `field` is a group as proto2 wrote one: its type a message
/// beside it, named as the field but capitalized.
bool IsGroupLike(const google::protobuf::FieldDescriptor& field);

/// Wire bytes of a `type` message (of the original pool, not the view)
/// with each group field, at any depth, written as a length-prefixed
/// message (`to_groups` false) or the other way; the group-like ones only
/// if `group_like_too`, as the view has them. False if `in` is not wire
/// format or nests past protobuf's 100 levels.
bool RewriteGroups(const google::protobuf::Descriptor& type,
                   std::string_view in, bool to_groups, std::string* out,
                   bool group_like_too = true);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_GROUP_VIEW_H_
