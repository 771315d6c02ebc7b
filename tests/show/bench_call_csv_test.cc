#include "show/bench_call_csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace rpccli {
namespace {

using Record = std::vector<std::string>;

// Reads CSV as RFC 4180 does: quoted fields may hold commas, doubled
// quotes and line breaks; a record ends at a line break outside quotes.
std::vector<Record> ReadCsv(const std::string& text) {
  std::vector<Record> records;
  Record record;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\n') {
      record.push_back(field);
      field.clear();
      records.push_back(record);
      record.clear();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "a quote left open";
  EXPECT_TRUE(field.empty() && record.empty()) << "no line break at the end";
  return records;
}

TEST(BenchCallCsv, WritesTheHeaderFirst) {
  std::ostringstream out;
  BenchCallCsv csv(&out);
  EXPECT_EQ(out.str(), "call,start_unix_ms,latency_ms,status,message\n");
}

TEST(BenchCallCsv, WritesACallAsOneRow) {
  std::ostringstream out;
  BenchCallCsv csv(&out);
  csv.Row(0, 1700000000123456, 0.0123456, "OK", "");
  csv.Row(41, 1700000000000007, 2.5, "NotFound", "no such thing");
  EXPECT_EQ(out.str(),
            "call,start_unix_ms,latency_ms,status,message\n"
            "0,1700000000123.456,12.346,OK,\n"
            "41,1700000000000.007,2500.000,NotFound,no such thing\n");
}

TEST(BenchCallCsv, AMessageWithACommaAQuoteAndANewlineIsOneField) {
  std::ostringstream out;
  BenchCallCsv csv(&out);
  csv.Row(3, 1000, 0.001, "Internal", "a, \"b\"\nc");
  csv.Row(4, 1000, 0.001, "Internal", "line\r\nbreak");
  std::vector<Record> records = ReadCsv(out.str());
  ASSERT_EQ(records.size(), 3u) << out.str();
  for (const Record& record : records) EXPECT_EQ(record.size(), 5u);
  EXPECT_EQ(records[1][0], "3");
  EXPECT_EQ(records[1][3], "Internal");
  // The newline is escaped, as everywhere rpccli shows a server's message.
  EXPECT_EQ(records[1][4], "a, \"b\"\\x0ac");
  EXPECT_EQ(records[2][4], "line\\x0d\\x0abreak");
}

TEST(BenchCallCsv, EveryRowHasTheHeadersFields) {
  std::ostringstream out;
  BenchCallCsv csv(&out);
  for (const char* message :
       {"", ",", "\"", "\",\"", "trailing,", ",leading", "\x1b[31mred",
        "tab\there", "\xff\xfe not utf-8, really"}) {
    csv.Row(7, 1, 0.5, "Unknown", message);
  }
  std::vector<Record> records = ReadCsv(out.str());
  ASSERT_EQ(records.size(), 10u) << out.str();
  for (const Record& record : records) {
    EXPECT_EQ(record.size(), 5u) << out.str();
  }
  EXPECT_EQ(records[2][4], ",");
  EXPECT_EQ(records[3][4], "\"");
  EXPECT_EQ(records[4][4], "\",\"");
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace rpccli
