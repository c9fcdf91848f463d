// ctest-labels: integration
// Which send of a day's day-close an answer belongs to, against a real
// mosquitto: the broker can deliver HQ's answer to an older day-close of the
// same day (queued while the store was offline) after a newer one was sent,
// and only the answer echoing the newest send's close id closes the day.
#include <mqtt/async_client.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "smartstore/sync/day_close.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// Records the bodies published on one topic and publishes as HQ would.
struct Tap {
  explicit Tap(const std::string& uri, const std::string& topic)
      : cli(uri, "tap-" + sync::new_message_id().substr(0, 8), mqtt::create_options(MQTTVERSION_3_1_1, 1000),
            nullptr) {
    cli.set_message_callback([this](mqtt::const_message_ptr m) {
      auto e = sync::decode_envelope(m->get_payload_str(), "S001");
      if (!e) return;
      std::lock_guard lock(mu);
      bodies.push_back(json::parse(e->body_json));
    });
    cli.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    cli.subscribe(topic, 1)->wait();
  }
  ~Tap() { cli.disconnect()->wait(); }
  void send(const std::string& topic, const std::string& payload) {
    cli.publish(topic, payload, 1, false)->wait();
  }
  std::vector<json> of_day(const std::string& day) {
    std::lock_guard lock(mu);
    std::vector<json> out;
    for (const auto& b : bodies)
      if (b.value("day", "") == day) out.push_back(b);
    return out;
  }
  mqtt::async_client cli;
  std::mutex mu;
  std::vector<json> bodies;
};

std::string up(std::string_view kind) {
  return sync::store_topic("S001", sync::Direction::up, kind);
}
std::string down(std::string_view kind) {
  return sync::store_topic("S001", sync::Direction::down, kind);
}

std::string envelope(std::string_view type, const json& body) {
  return peer_envelope("S001", type, body);
}

// HQ's answer "every type matches" to one day-close body, as ingest builds it.
std::string match_answer(const json& close, bool echo_close_id) {
  json types = json::array();
  for (const auto& t : close["types"])
    types.push_back(
        {{"type", t["type"]}, {"count", t["count"]}, {"match", true}, {"ids_sha256", t["ids_sha256"]}});
  json body = {{"day", close["day"]}, {"types", types}};
  if (echo_close_id) body["close_id"] = close["close_id"];
  return envelope("day-close-answer", body);
}

}  // namespace

TEST_CASE(
    "an answer to an older day-close of the same day does not answer the newer one; an HQ without close ids "
    "still can") {
  SyncRig rig(SyncRig::Hq::answered_by_test);  // the test answers as HQ
  auto& kiosk = rig.kiosk;
  // Not today: the start-up reconciliation closes today on its own.
  const std::string day = "2026-11-20", old_hq_day = "2026-11-19";
  kiosk.enqueue_many("S001-a", 5, "coupon_issued", day);
  kiosk.enqueue_many("S001-b", 4, "coupon_issued", old_hq_day);
  Tap hq(rig.broker.uri(), up("day-close"));
  auto opts = rig.options();
  opts.resend_unacked_after = 600s;
  // Unanswered: sent again 1 s after the first send, 2 s after the second, 4 s after the third.
  opts.day_close_answer_after = 1s;
  auto& agent = rig.start_agent(opts);
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=1") == 9; }, 10s));

  // Two day-closes of the same day with the same event types, both sent
  // before HQ's answer to the first arrives.
  agent.close_day(day);
  agent.close_day(day);
  agent.close_day(old_hq_day);
  REQUIRE(wait_until([&] { return hq.of_day(day).size() == 2 && hq.of_day(old_hq_day).size() == 1; }, 5s));
  const auto first = hq.of_day(day)[0], second = hq.of_day(day)[1];
  REQUIRE(first["close_id"].is_string());
  CHECK(first["close_id"] != second["close_id"]);
  CHECK(first["types"] == second["types"]);

  hq.send(down("day-close-answer"), match_answer(first, true));
  // An HQ from before close ids answers without one: the type-set rule decides.
  hq.send(down("day-close-answer"), match_answer(hq.of_day(old_hq_day)[0], false));
  // The matches confirm what both day-closes counted: both answers were applied.
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 9; }, 5s));

  // The newer send is still unanswered, so it goes out again (2 s after it).
  REQUIRE(wait_until([&] { return hq.of_day(day).size() == 3; }, 6s));
  const auto third = hq.of_day(day)[2];
  CHECK(third["close_id"] != second["close_id"]);
  hq.send(down("day-close-answer"), match_answer(third, true));
  // Answered now: no fourth send in the 4 s after which an unanswered third
  // would have been repeated; the old HQ's day was answered by its first.
  std::this_thread::sleep_for(5s);
  CHECK(hq.of_day(day).size() == 3);
  CHECK(hq.of_day(old_hq_day).size() == 1);
  CHECK(agent.stats().downlink_rejected == 0);
  agent.stop();  // before the tap goes
}

TEST_CASE("HQ ingest echoes the close id of the day-close it answers") {
  SyncRig rig;
  auto& kiosk = rig.kiosk;
  const std::string day = "2026-11-20";
  kiosk.enqueue_many("S001-a", 3, "coupon_issued", day);
  Tap closes(rig.broker.uri(), up("day-close"));
  Tap answers(rig.broker.uri(), down("day-close-answer"));
  auto& agent = rig.start_agent();
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 3; }, 10s));
  agent.close_day(day);
  REQUIRE(wait_until([&] { return answers.of_day(day).size() == 1; }, 5s));
  REQUIRE(closes.of_day(day).size() == 1);
  CHECK(answers.of_day(day)[0]["close_id"] == closes.of_day(day)[0]["close_id"]);
  CHECK(answers.of_day(day)[0]["types"][0]["match"] == true);
  // A day-close without one (a store from before close ids) is answered without one.
  answers.send(up("day-close"), envelope("day-close", {{"day", "2026-11-18"}, {"types", json::array()}}));
  REQUIRE(wait_until([&] { return answers.of_day("2026-11-18").size() == 1; }, 5s));
  CHECK_FALSE(answers.of_day("2026-11-18")[0].contains("close_id"));
  // A malformed close id is refused by HQ's envelope check, not answered.
  answers.send(
      up("day-close"),
      envelope("day-close", {{"day", "2026-11-17"}, {"close_id", "no spaces"}, {"types", json::array()}}));
  REQUIRE(wait_until([&] { return rig.ingest->stats().messages_rejected == 1; }, 5s));
  CHECK(answers.of_day("2026-11-17").empty());
  agent.stop();  // before the taps go
}
