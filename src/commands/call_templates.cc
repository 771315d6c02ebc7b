#include "commands/call_templates.h"

#include "commands/call_setup.h"

namespace rpccli {

bool HeaderTemplates::TakeFrom(CallSetup* setup, bool workers,
                               PlaceholderFiles* files, std::string* err) {
  Headers kept;
  for (auto& header : setup->headers) {
    if (header.second.find("{{") == std::string::npos) {
      kept.push_back(std::move(header));
      continue;
    }
    CallTemplate value;
    if (!value.Compile(header.second, PlaceholderSyntax::kHeader,
                       "header " + header.first, 1, 1, workers, files, err)) {
      return false;
    }
    names_.push_back(header.first);
    values_.push_back(std::move(value));
  }
  setup->headers = std::move(kept);
  return true;
}

void HeaderTemplates::Fill(const CallValues& values, Headers* headers) const {
  headers->clear();
  for (size_t i = 0; i < names_.size(); ++i) {
    headers->emplace_back(names_[i], values_[i].Render(values));
  }
}

bool BenchMessages::Load(const Options& options, const Io& io,
                         const Codec& codec,
                         const google::protobuf::Descriptor& type,
                         bool one_per_call, PlaceholderFiles* files,
                         std::string* err) {
  codec_ = &codec;
  type_ = &type;
  RequestInput input;
  double max_time = options.connection.max_time_seconds;
  if (!input.Open(options, io.in, io.in_is_terminal, &codec, type, err) ||
      !input.ReadAllTexts(DeadlineAfter(max_time), max_time,
                          "bench reads every request before its first call",
                          &messages_, err)) {
    return false;
  }
  input_name_ = input.reader()->name();
  PlaceholderSyntax syntax = options.format.format == MessageFormat::kText
                                 ? PlaceholderSyntax::kTextFormat
                                 : PlaceholderSyntax::kJson;
  for (const InputMessage& message : messages_) {
    CallTemplate& compiled = templates_.emplace_back();
    std::string& bytes = fixed_.emplace_back();
    if (!compiled.Compile(message.text, syntax, input_name_, message.line,
                          message.column, /*workers=*/true, files, err,
                          message.number)) {
      return false;
    }
    if (!compiled.HasPlaceholders()) {
      if (!EncodeMessage(codec, type, input_name_, message, &bytes, err)) {
        return false;
      }
      continue;
    }
    has_placeholders_ = true;
    for (size_t i = 0; i < compiled.ExtremeCount(); ++i) {
      InputMessage filled = message;
      filled.text = compiled.Extreme(i);
      if (!EncodeMessage(codec, type, input_name_, filled, &bytes, err,
                         /*filled=*/true)) {
        return false;
      }
    }
    bytes.clear();
  }
  // No input means the empty message, as for call.
  if (one_per_call && fixed_.empty()) {
    templates_.emplace_back();
    messages_.emplace_back();
    if (!codec.EmptyMessage(type, &fixed_.emplace_back(), err)) return false;
  }
  return true;
}

bool BenchMessages::Encode(size_t index, const CallValues& values,
                           std::string* bytes, std::string* err) const {
  if (!templates_[index].HasPlaceholders()) {
    *bytes = fixed_[index];
    return true;
  }
  InputMessage filled = messages_[index];
  filled.text = templates_[index].Render(values);
  return EncodeMessage(*codec_, *type_, input_name_, filled, bytes, err,
                       /*filled=*/true);
}

}  // namespace rpccli
