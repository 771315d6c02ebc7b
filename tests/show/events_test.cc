#include "show/events.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(MetadataEvent, ListsEachNameOnceWithItsValuesInOrder) {
  std::string out;
  AppendMetadataEvent("headers", 3, 1.23456,
                      {{"x-a", "1"}, {"x-b", "two"}, {"x-a", "3"}}, &out);
  EXPECT_EQ(out, R"({"event":"headers","call":3,"t_ms":1.235,)"
                 R"("metadata":{"x-a":["1","3"],"x-b":["two"]}})"
                 "\n");
}

TEST(MetadataEvent, BinaryValuesAreBase64AndNoneIsAnEmptyObject) {
  std::string out;
  AppendMetadataEvent("trailers", 1, 0,
                      {{"x-data-bin", std::string("\0\xff", 2)}}, &out);
  AppendMetadataEvent("trailers", 1, 0, {}, &out);
  EXPECT_EQ(out, R"({"event":"trailers","call":1,"t_ms":0.000,)"
                 R"("metadata":{"x-data-bin":["AP8="]}})"
                 "\n"
                 R"({"event":"trailers","call":1,"t_ms":0.000,"metadata":{}})"
                 "\n");
}

TEST(MetadataEvent, TextThatIsNotUtf8IsReplacedNotThrown) {
  std::string out;
  AppendMetadataEvent("headers", 1, 0, {{"x-odd", "a\xff"}}, &out);
  EXPECT_EQ(out, R"({"event":"headers","call":1,"t_ms":0.000,)"
                 "\"metadata\":{\"x-odd\":[\"a\xef\xbf\xbd\"]}}\n");
}

TEST(MessageEvent, LeavesRoomForTheMessage) {
  std::string out;
  AppendMessageEventStart(2, 10.5, &out);
  EXPECT_EQ(out, R"({"event":"message","call":2,"t_ms":10.500,"message":)");
}

TEST(ErrorEvent, CarriesRpccliOwnMessage) {
  std::string out;
  AppendErrorEvent(3, 1.5, "response 1: \"x\" \xff", &out);
  EXPECT_EQ(out, R"({"event":"error","call":3,"t_ms":1.500,)"
                 R"("message":"response 1: \"x\" )"
                 "\xef\xbf\xbd\"}\n");
}

TEST(StatusEvent, CarriesCodeNameMessageAndDetails) {
  std::string out;
  AppendStatusEvent(1, 2, grpc::Status(grpc::StatusCode::NOT_FOUND, "no \"x\""),
                    {R"({"@type":"t/a","n":1})"}, &out);
  AppendStatusEvent(1, 2, grpc::Status::OK, {}, &out);
  EXPECT_EQ(out, R"({"event":"status","call":1,"t_ms":2.000,"code":5,)"
                 R"("code_name":"NotFound","message":"no \"x\"",)"
                 R"("details":[{"@type":"t/a","n":1}]})"
                 "\n"
                 R"({"event":"status","call":1,"t_ms":2.000,"code":0,)"
                 R"("code_name":"OK","message":"","details":[]})"
                 "\n");
}

}  // namespace
}  // namespace rpccli
