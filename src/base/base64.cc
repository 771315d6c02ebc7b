#include "base/base64.h"

#include <array>
#include <cstdint>

namespace rpccli {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Each character's value, with a bit for the alphabet it belongs to: the
// 64 values, kStandard or kUrlSafe for the four that differ, or kInvalid.
constexpr uint8_t kStandard = 0x40;
constexpr uint8_t kUrlSafe = 0x80;
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeValues() {
  std::array<uint8_t, 256> values{};
  for (auto& value : values) value = kInvalid;
  for (int i = 0; i < 62; ++i) values[static_cast<uint8_t>(kAlphabet[i])] = i;
  values['+'] = 62 | kStandard;
  values['/'] = 63 | kStandard;
  values['-'] = 62 | kUrlSafe;
  values['_'] = 63 | kUrlSafe;
  return values;
}
constexpr std::array<uint8_t, 256> kValues = MakeValues();

// Appends the bytes of unpadded base64; `alphabets` collects the alphabet
// bits seen. False on a character outside both alphabets.
bool AppendDecoded(std::string_view data, std::string* out, uint8_t* alphabets,
                   unsigned* leftover_bits) {
  out->reserve(out->size() + data.size() / 4 * 3 + 3);
  uint32_t chunk = 0;
  int bits = 0;
  for (char c : data) {
    uint8_t value = kValues[static_cast<uint8_t>(c)];
    if (value == kInvalid) return false;
    *alphabets |= value & (kStandard | kUrlSafe);
    chunk = (chunk << 6) | (value & 63);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((chunk >> bits) & 0xFF));
    }
  }
  *leftover_bits = chunk & ((1u << bits) - 1);
  return true;
}

// `text` without its padding, if the padding is where it may be: only
// filling out the last group of four.
bool Unpadded(std::string_view text, std::string_view* data) {
  *data = text;
  while (!data->empty() && data->back() == '=') data->remove_suffix(1);
  size_t padding = text.size() - data->size();
  if (padding > 2 || data->size() % 4 == 1) return false;
  return padding == 0 || text.size() % 4 == 0;
}

}  // namespace

void AppendBase64(std::string_view bytes, std::string* out) {
  size_t at = out->size();
  out->resize(at + (bytes.size() + 2) / 3 * 4);
  char* text = &(*out)[at];
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t whole = bytes.size() / 3 * 3;
  for (size_t i = 0; i < whole; i += 3) {
    uint32_t chunk = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    *text++ = kAlphabet[(chunk >> 18) & 63];
    *text++ = kAlphabet[(chunk >> 12) & 63];
    *text++ = kAlphabet[(chunk >> 6) & 63];
    *text++ = kAlphabet[chunk & 63];
  }
  size_t rest = bytes.size() - whole;
  if (rest > 0) {
    uint32_t chunk = in[whole] << 16;
    if (rest == 2) chunk |= in[whole + 1] << 8;
    *text++ = kAlphabet[(chunk >> 18) & 63];
    *text++ = kAlphabet[(chunk >> 12) & 63];
    *text++ = rest == 2 ? kAlphabet[(chunk >> 6) & 63] : '=';
    *text++ = '=';
  }
}

std::string Base64Encode(std::string_view bytes) {
  std::string text;
  AppendBase64(bytes, &text);
  return text;
}

size_t Base64DecodedSize(std::string_view text) {
  std::string_view data;
  Unpadded(text, &data);  // what is not base64 fails when decoded
  return data.size() / 4 * 3 + (data.size() % 4 == 0 ? 0 : data.size() % 4 - 1);
}

bool Base64Decode(std::string_view text, std::string* bytes) {
  std::string_view data;
  if (!Unpadded(text, &data)) return false;
  bytes->clear();
  uint8_t alphabets = 0;
  unsigned leftover_bits = 0;
  return AppendDecoded(data, bytes, &alphabets, &leftover_bits);
}

bool AppendBase64DecodedStrictly(std::string_view text, std::string* out) {
  std::string_view data;
  if (!Unpadded(text, &data)) return false;
  uint8_t alphabets = 0;
  unsigned leftover_bits = 0;
  return AppendDecoded(data, out, &alphabets, &leftover_bits) &&
         alphabets != (kStandard | kUrlSafe) && leftover_bits == 0;
}

}  // namespace rpccli
