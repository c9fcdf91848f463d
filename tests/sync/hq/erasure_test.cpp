// ctest-labels: integration security
// HQ's erasure list over a real broker and both HQ databases (SQLite and
// PostgreSQL): a store's member_erase_requested event lists the member, scrubs
// what HQ holds about them, and sends the erasure to every other store (not
// back to the one that asked); smartstore-hq erase does the same from HQ; the
// nightly resend reaches exactly the stores that have not confirmed.
#include <mqtt/async_client.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "smartstore/sync/erasure.h"
#include "smartstore/sync/topics.h"
#include "support/skip.h"
#include "sync/hq/postgres_server.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string kAsked = models::sha256_hex("asked-at-S001");
const std::string kAtHq = models::sha256_hex("asked-at-HQ");

// Every erasures message stores receive: store -> member keys, in order.
class ErasureListener {
 public:
  explicit ErasureListener(const std::string& uri)
      : cli_(uri, "listener-" + sync::new_message_id().substr(0, 8),
             mqtt::create_options(MQTTVERSION_3_1_1, 100), nullptr) {
    cli_.set_message_callback([this](mqtt::const_message_ptr m) {
      auto env = json::parse(m->get_payload_str(), nullptr, false);
      std::lock_guard lock(mu_);
      for (const auto& k : env["body"]["member_keys"])
        got_[sync::store_of_topic(m->get_topic())].push_back(k.get<std::string>());
    });
    cli_.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    cli_.subscribe("smartstore/v1/stores/+/down/erasures", 1)->wait();
  }
  ~ErasureListener() { cli_.disconnect()->wait(); }
  std::vector<std::string> of(const std::string& store) {
    std::lock_guard lock(mu_);
    return got_[store];
  }

 private:
  mqtt::async_client cli_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::string>> got_;
};

std::string event_envelope(const std::string& store, const std::string& id, const std::string& type,
                           const json& payload) {
  json ev = {{"event_id", id},
             {"type", type},
             {"day", "2026-11-23"},
             {"created_at", "2026-11-23T10:00:00Z"},
             {"payload", payload.dump()}};
  return peer_envelope(store, "events", {{"events", json::array({ev})}});
}

void send_event(RawClient& peer, const std::string& store, const std::string& id, const std::string& type,
                const json& payload) {
  peer.send(sync::store_topic(store, sync::Direction::up, "events"),
            event_envelope(store, id, type, payload));
}

// What the database holds, by the means each backend offers.
using Count = std::function<std::int64_t(const std::string& sql)>;

void erasure_loop(const std::string& db, const Count& count) {
  const TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  auto io = ingest_options(broker.uri(), tmp / "unused.db");
  io.db = db;
  sync::Ingest ingest(io);
  REQUIRE(ingest.start().has_value());
  ErasureListener stores(broker.uri());
  RawClient peer(broker.uri());

  // Both stores are known to HQ; S001 has told it about the member.
  send_event(peer, "S001", "n-1", "staff_note", {{"member_key", kAsked}, {"note", {{"remarks", "x"}}}});
  send_event(peer, "S002", "c-1", "coupon_issued", {{"member_key", models::sha256_hex("other")}});
  REQUIRE(wait_until([&] { return ingest.stats().events_stored == 2; }, 5s));

  send_event(peer, "S001", "er-1", "member_erase_requested",
             {{"request_id", "er-1"}, {"member_key", kAsked}, {"store_id", "S001"}, {"staff_id", "lee"}});
  REQUIRE(wait_until([&] { return stores.of("S002").size() == 1; }, 5s));
  CHECK(stores.of("S002") == std::vector<std::string>{kAsked});
  CHECK(stores.of("S001").empty());  // the store that asked has erased already
  CHECK(count("SELECT COUNT(*) FROM erasures WHERE member_key='" + kAsked + "' AND origin='S001'") == 1);
  // HQ's own copy stops naming the member; the request itself is kept as proof.
  CHECK(count("SELECT COUNT(*) FROM events WHERE payload LIKE '%" + kAsked + "%'") == 1);

  // The request delivered again lists nothing twice and sends nothing again.
  send_event(peer, "S001", "er-1", "member_erase_requested", {{"member_key", kAsked}});
  REQUIRE(wait_until([&] { return ingest.stats().duplicates_dropped == 1; }, 5s));
  // A store that had not erased yet sends an event naming the member: stored scrubbed.
  send_event(peer, "S002", "c-2", "coupon_issued", {{"member_key", kAsked}});
  REQUIRE(wait_until([&] { return ingest.stats().events_stored == 4; }, 5s));
  CHECK(count("SELECT COUNT(*) FROM events WHERE event_id='c-2' AND payload LIKE '%erased%'") == 1);
  CHECK(stores.of("S002").size() == 1);

  // Erased at HQ: every store is sent it.
  sync::EraseOptions eo{db, {broker.uri(), "hq-erase", {}, {}, {}, 5000ms}, {}};
  auto erased = sync::erase_member(eo, kAtHq);
  REQUIRE(erased);
  CHECK(erased->newly_listed);
  CHECK(erased->stores_sent == std::vector<std::string>{"S001", "S002"});
  REQUIRE(wait_until([&] { return stores.of("S001").size() == 1 && stores.of("S002").size() == 2; }, 5s));
  CHECK_FALSE(sync::erase_member(eo, kAtHq)->newly_listed);
  CHECK(sync::erase_member(eo, "not-a-key").error().kind() == ErrorKind::invalid_input);

  // The batch's file lists both, sorted.
  auto n = sync::export_erasures(db, tmp / "erased.txt");
  REQUIRE(n);
  CHECK(*n == 2);
  const auto text = read_file(tmp / "erased.txt");
  CHECK(text.find(std::min(kAsked, kAtHq) + "\n" + std::max(kAsked, kAtHq) + "\n") != std::string::npos);
  CHECK(text.rfind("# ", 0) == 0);

  // Nightly: S002 has confirmed nothing, S001 only its own request.
  auto due = sync::send_unconfirmed_erasures({db, {}, {}});
  REQUIRE(due);
  CHECK(due->listed == 2);
  CHECK(due->members_sent == 3);
  for (const auto& [store, key] : {std::pair{"S001", kAtHq}, {"S002", kAtHq}, {"S002", kAsked}})
    send_event(peer, store, std::string("done-") + store + key.substr(0, 6), "erasure_done",
               {{"member_key", key}, {"store_id", store}});
  REQUIRE(wait_until([&] { return ingest.stats().events_stored == 7; }, 5s));
  due = sync::send_unconfirmed_erasures(eo);
  REQUIRE(due);
  CHECK(due->members_sent == 0);
  CHECK(due->stores_sent == 0);
  ingest.stop();
}

}  // namespace

TEST_CASE("erasure list on SQLite: a store's request reaches the other stores, HQ's reaches all") {
  const TempDir tmp;
  const auto db = tmp / "hq.db";
  erasure_loop(db.string(), [&](const std::string& sql) { return hq_count(db, sql); });
}

TEST_CASE("erasure list on PostgreSQL: the same") {
  if (!postgres_available()) skip_test("no PostgreSQL 15 binaries");
  const TempDir tmp;
  PostgresServer pg(tmp / "pg");
  erasure_loop(pg.url(), [&](const std::string& sql) {
    pqxx::connection c(pg.url());
    pqxx::read_transaction t(c);
    return t.exec1(sql)[0].as<std::int64_t>();
  });
}

TEST_CASE("an empty list is a file of comments only; a database that cannot be read is unavailable") {
  const TempDir tmp;
  {
    MosquittoBroker broker(tmp / "broker");
    sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
    REQUIRE(ingest.start().has_value());
    ingest.stop();
  }
  REQUIRE(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM erasures") == 0);
  auto n = sync::export_erasures((tmp / "hq.db").string(), tmp / "erased.txt");
  REQUIRE(n);
  CHECK(*n == 0);
  CHECK(sync::export_erasures((tmp / "missing" / "hq.db").string(), tmp / "x.txt").error().kind() ==
        ErrorKind::unavailable);
}
