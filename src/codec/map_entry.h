// Map fields' entries, as the codec's checks and printers see them.
#ifndef RPCCLI_CODEC_MAP_ENTRY_H_
#define RPCCLI_CODEC_MAP_ENTRY_H_

#include <google/protobuf/message.h>

#include <string>

namespace rpccli {

/// A map entry's key as text: the string itself, or the number or bool
/// written out.
std::string MapEntryKey(const google::protobuf::Message& entry);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_MAP_ENTRY_H_
