#include "schema/symbol.h"

#include <algorithm>

#include "base/edit_distance.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// True if `full` equals `suffix` or ends with it right after a '.' or '/'.
bool IsNameSuffix(const std::string& full, const std::string& suffix) {
  if (suffix.empty() || suffix.size() > full.size()) return false;
  size_t start = full.size() - suffix.size();
  if (full.compare(start, suffix.size(), suffix) != 0) return false;
  return start == 0 || full[start - 1] == '.' || full[start - 1] == '/';
}

// `.pkg.Service` is how descriptors refer to types, `/pkg.Service/Method`
// how gRPC names methods on the wire; both mean the same as without.
std::string StripLeadingSeparator(const std::string& name) {
  return !name.empty() && (name[0] == '.' || name[0] == '/') ? name.substr(1)
                                                             : name;
}

// The last `count` components of a name such as `pkg.Service/Method`.
std::string LastComponents(const std::string& name, size_t count) {
  size_t start = name.size();
  for (size_t i = 0; i < count; ++i) {
    if (start == 0) return name;
    size_t separator = name.find_last_of("./", start - 1);
    if (separator == std::string::npos) return name;
    start = separator;
  }
  return name.substr(start + 1);
}

constexpr int kUnknown = -1;
constexpr int kAmbiguous = -2;
constexpr int kNearMiss = -3;  // unknown, with a name suggested

// Resolves `query` among `names` (each a canonical full name): an exact match
// wins, then a unique suffix. Returns the index, or kUnknown or kAmbiguous
// with `err` filled.
int ResolveName(const std::vector<std::string>& names, const std::string& query,
                const std::string& kind, std::string* err) {
  std::vector<int> matches;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == query) return static_cast<int>(i);
    if (IsNameSuffix(names[i], query)) matches.push_back(static_cast<int>(i));
  }
  if (matches.size() == 1) return matches[0];
  if (matches.size() > 1) {
    std::sort(matches.begin(), matches.end(),
              [&names](int a, int b) { return names[a] < names[b]; });
    *err = "ambiguous " + kind + " \"" + query + "\"; it could be ";
    for (size_t i = 0; i < matches.size(); ++i) {
      if (i > 0) *err += i + 1 == matches.size() ? " or " : ", ";
      *err += names[matches[i]];
    }
    return kAmbiguous;
  }
  *err = "unknown " + kind + " \"" + query + "\"";
  // Compare like with like: "Gret" with method names, "Demo/Gret" with
  // service and method, and so on.
  size_t components = 1 + std::count_if(query.begin(), query.end(), [](char c) {
                        return c == '.' || c == '/';
                      });
  std::vector<std::string> comparable;
  for (const std::string& name : names) {
    comparable.push_back(LastComponents(name, components));
  }
  Nearest nearest = NearestTo(comparable, query);
  if (nearest.index != std::string::npos &&
      WorthSuggesting(nearest.distance, query)) {
    *err += "; did you mean " + names[nearest.index] + "?";
    return kNearMiss;
  }
  return kUnknown;
}

}  // namespace

MethodName SplitMethodName(const std::string& name) {
  std::string trimmed = StripLeadingSeparator(name);
  size_t split = trimmed.rfind('/');
  if (split == std::string::npos) split = trimmed.rfind('.');
  if (split == std::string::npos) return {"", trimmed};
  return {trimmed.substr(0, split), trimmed.substr(split + 1)};
}

std::string WirePath(const pb::MethodDescriptor& method) {
  return "/" + method.service()->full_name() + "/" + method.name();
}

const pb::MethodDescriptor* ResolveMethod(
    const std::vector<const pb::ServiceDescriptor*>& services,
    const std::string& name, std::string* err, NameMiss* miss) {
  std::vector<std::string> names;
  std::vector<const pb::MethodDescriptor*> methods;
  for (const pb::ServiceDescriptor* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(service->method(i));
      names.push_back(service->full_name() + "/" + service->method(i)->name());
    }
  }
  MethodName parts = SplitMethodName(name);
  std::string query =
      parts.service.empty() ? parts.method : parts.service + "/" + parts.method;
  int index = ResolveName(names, query, "method", err);
  if (miss != nullptr) {
    *miss = index == kAmbiguous ? NameMiss::kAmbiguous
            : index == kNearMiss ? NameMiss::kNearMiss
            : index < 0          ? NameMiss::kUnknown
                                 : NameMiss::kNone;
  }
  if (index == kAmbiguous) return nullptr;
  if (index < 0) {
    // What the name is, said below, says more than a near method's name.
    // A service given where a method belongs: say so, with its methods.
    std::string service_name = StripLeadingSeparator(name);
    std::replace(service_name.begin(), service_name.end(), '/', '.');
    std::vector<std::string> service_names;
    for (const pb::ServiceDescriptor* service : services) {
      service_names.push_back(service->full_name());
    }
    std::string not_a_service;
    int named =
        ResolveName(service_names, service_name, "service", &not_a_service);
    if (named >= 0) {
      const pb::ServiceDescriptor* service = services[named];
      if (miss != nullptr) *miss = NameMiss::kUnknown;
      *err = service->full_name() + " is a service; call one of its methods:";
      for (int i = 0; i < service->method_count(); ++i) {
        *err += std::string(i == 0 ? " " : ", ") + service->full_name() + "/" +
                service->method(i)->name();
      }
      return nullptr;
    }
    // A message given where a method belongs: the methods that take it.
    const pb::Descriptor* message =
        services.empty() ? nullptr
                         : services[0]->file()->pool()->FindMessageTypeByName(
                               service_name);
    if (message != nullptr) {
      if (miss != nullptr) *miss = NameMiss::kUnknown;
      std::string takers;
      for (const pb::MethodDescriptor* method : methods) {
        if (method->input_type() != message) continue;
        takers += (takers.empty() ? "" : ", ") + method->service()->full_name() +
                  "/" + method->name();
      }
      *err = message->full_name() + " is a message, not a method" +
             (takers.empty() ? "" : "; the methods that take it: " + takers);
    }
    return nullptr;
  }
  return methods[index];
}

std::string ResolveServiceName(const std::vector<std::string>& names,
                               const std::string& name, std::string* err) {
  int index = ResolveName(names, StripLeadingSeparator(name), "service", err);
  return index < 0 ? "" : names[index];
}

}  // namespace rpccli
