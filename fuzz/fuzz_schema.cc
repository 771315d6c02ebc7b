#include "fuzz_schema.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "codec/codec.h"
#include "codec/wire_canonical.h"
#include "fuzz_target.h"
#include "show/describe_text.h"
#include "show/message_template.h"

namespace rpccli {

namespace pb = google::protobuf;

const std::string& FuzzScratchDir() {
  // A plain array outlives every static destructor, so the exit handler
  // can still read it.
  static char path[] = "/tmp/rpccli-fuzz-XXXXXX";
  static const std::string dir = [] {
    FUZZ_CHECK(mkdtemp(path) != nullptr);
    // Removed when the fuzzer exits, as it does at the end of its time;
    // one that crashed leaves its files for a look.
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    });
    return std::string(path);
  }();
  return dir;
}

std::unique_ptr<pb::Message> DecodeMeaning(const pb::Descriptor& type,
                                           const std::string& binary) {
  static pb::DynamicMessageFactory factory;
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&type)->New());
  FUZZ_CHECK(message->ParseFromString(binary));
  DropReplacedMapEntries(message.get());
  return message;
}

bool SameMeaning(const pb::Descriptor& type, const std::string& a,
                 const std::string& b, bool ignore_unknown) {
  std::unique_ptr<pb::Message> first = DecodeMeaning(type, a);
  std::unique_ptr<pb::Message> second = DecodeMeaning(type, b);
  if (ignore_unknown) {
    first->DiscardUnknownFields();
    second->DiscardUnknownFields();
  }
  pb::util::DefaultFieldComparator floats;
  floats.set_treat_nan_as_equal(true);
  pb::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&floats);
  differencer.set_message_field_comparison(
      pb::util::MessageDifferencer::EQUIVALENT);
  return differencer.Compare(*first, *second);
}

void ExerciseSchema(const std::vector<const pb::FileDescriptor*>& files) {
  for (const pb::FileDescriptor* file : files) {
    FormatOptions options;
    options.emit_defaults = true;
    Codec codec(file->pool(), options);
    pb::DynamicMessageFactory factory(file->pool());
    std::vector<const pb::Descriptor*> messages;
    for (int i = 0; i < file->message_type_count(); ++i) {
      messages.push_back(file->message_type(i));
    }
    for (size_t i = 0; i < messages.size(); ++i) {
      const pb::Descriptor* type = messages[i];
      for (int n = 0; n < type->nested_type_count(); ++n) {
        messages.push_back(type->nested_type(n));
      }
      std::string text, err;
      FUZZ_CHECK(DescribeSymbol(files, type->full_name(), &text, &err));
      std::string binary = TemplateMessage(*type, &factory), printed;
      codec.Append(*type, binary, &printed, &err);  // may refuse, not crash
    }
    for (int s = 0; s < file->service_count(); ++s) {
      std::string text, err;
      FUZZ_CHECK(
          DescribeSymbol(files, file->service(s)->full_name(), &text, &err));
    }
  }
}

}  // namespace rpccli
