#include "descriptor_source.h"

#include <algorithm>
#include <set>

namespace rpccli {

namespace pb = google::protobuf;

bool DescriptorSource::Open(const SchemaOptions& options, std::string* err) {
  return proto_files_.Load(options, err);
}

std::vector<const pb::FileDescriptor*> DescriptorSource::AllFiles() const {
  std::vector<const pb::FileDescriptor*> files = proto_files_.files();
  std::set<const pb::FileDescriptor*> seen(files.begin(), files.end());
  for (size_t i = 0; i < files.size(); ++i) {
    for (int d = 0; d < files[i]->dependency_count(); ++d) {
      const pb::FileDescriptor* dependency = files[i]->dependency(d);
      if (seen.insert(dependency).second) files.push_back(dependency);
    }
  }
  return files;
}

std::vector<const pb::ServiceDescriptor*> DescriptorSource::Services() const {
  std::vector<const pb::ServiceDescriptor*> services;
  for (const pb::FileDescriptor* file : AllFiles()) {
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i));
    }
  }
  std::sort(services.begin(), services.end(),
            [](const pb::ServiceDescriptor* a, const pb::ServiceDescriptor* b) {
              return a->full_name() < b->full_name();
            });
  return services;
}

}  // namespace rpccli
