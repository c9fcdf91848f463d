// ctest-labels: integration security
// Consent withdrawn chain-wide, every arrow real: smartstore-hq
// withdraw-consent lists the member at HQ and sends the signed
// consent-withdrawals downlink over mosquitto -> the store agent -> the kiosk,
// which from then on issues that member no coupon (consent.withdrawn) while
// the others still get theirs; a withdrawal HQ did not sign is refused.
// smartstore-hq withdrawals -> smartstore-models build --withdrawn writes
// consent false into the member's profile; a snapshot built without the list
// (consent true) does not bring the coupons back at the kiosk.
#include "loop_chain.h"
#include "smartstore/sync/topics.h"
#include "sync/tls_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace smartstore::testing::loop;

namespace {

std::string reason_of_scan(KioskRig& rig, int member) {
  return rig.kiosk.on_scan(number_of(member), edge::Clock::now()).reason_code;
}

// HQ's snapshot of `run` to the kiosk, signed; true once applied.
bool publish_snapshot(const std::filesystem::path& dir, const std::string& broker, const BatchRun& run,
                      const std::filesystem::path& signing_key, KioskRig& rig) {
  auto sent = hq(dir, "publish",
                 {"--broker", broker, "--signing-key", signing_key.string(), "--store", "S001",
                  (run.out / "snapshots" / "S001").string()});
  if (sent->wait(30s) != 0) return false;
  const auto version = models::verify_snapshot_dir(run.out / "snapshots" / "S001")->version;
  return wait_until([&] { return rig.store.downlink().snapshot_version() == version; }, 30s);
}

}  // namespace

TEST_CASE("loop: a consent withdrawal at HQ stops the member's coupons at the store, for good") {
  TempDir dir;
  write_chain(dir.path());
  REQUIRE(provision(dir / "pki", "S001"));
  const auto signing_key = dir / "pki" / "hq-ed25519.key";
  MosquittoBroker broker(dir / "broker");
  const std::string db = (dir / "hq.db").string();
  auto ingest = hq(dir.path(), "ingest",
                   {"--broker", broker.uri(), "--db", db, "--client-id", "hq-consent", "--signing-key",
                    signing_key.string()});
  REQUIRE(ingest->wait_for_log("ingest: subscribed", 15s));
  KioskRig rig(kDeploymentKey, kCouponKey, kDay1);
  std::vector<models::CustomerProfile> profiles;
  for (int i = 0; i < kMembers; ++i) profiles.push_back(star_profile(kDeploymentKey, number_of(i)));
  REQUIRE(rig.store.profiles().load(profiles));
  auto options = agent_options(broker.uri(), dir / "staging");
  options.hq_public_key_files = {dir / "pki" / "hq-ed25519.pub"};
  sync::StoreAgent agent(options, rig.store.outbox(), rig.store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  // The store's first coupon: HQ now knows S001.
  REQUIRE(rig.kiosk.on_scan(number_of(1), edge::Clock::now()).coupon.has_value());
  REQUIRE(wait_until([&] { return rig.store.outbox().depth() == 0; }, 20s));

  // Anyone but HQ: a withdrawal without HQ's signature is refused.
  RawClient attacker(broker.uri());
  attacker.send(
      sync::store_topic("S001", sync::Direction::down, "consent-withdrawals"),
      peer_envelope("S001", "consent-withdrawals", {{"request_id", "x"}, {"member_keys", {key_of(2)}}}));
  REQUIRE(wait_until([&] { return agent.stats().downlink_unverified > 0; }, 10s));
  CHECK_FALSE(rig.store.downlink().consent_withdrawn(key_of(2)));

  auto withdrawn = hq(
      dir.path(), "withdraw-consent",
      {"--db", db, "--member", key_of(3), "--broker", broker.uri(), "--signing-key", signing_key.string()});
  REQUIRE(withdrawn->wait(15s) == 0);
  CHECK(withdrawn->log().find("member listed; sent to 1 stores") != std::string::npos);
  REQUIRE(wait_until([&] { return rig.store.downlink().consent_withdrawn(key_of(3)); }, 10s));
  CHECK(reason_of_scan(rig, 3) == "consent.withdrawn");
  CHECK(rig.kiosk.on_scan(number_of(4), edge::Clock::now()).coupon.has_value());
  CHECK_FALSE(rig.kiosk.customer(number_of(3), edge::Clock::now())->profile.consent_marketing);

  // The batch reads HQ's list: consent false in the member's profile only.
  auto listed = hq(dir.path(), "withdrawals", {"--db", db, "--out", (dir / "withdrawn.txt").string()});
  REQUIRE(listed->wait(15s) == 0);
  CHECK(read_file(dir / "withdrawn.txt").find(key_of(3)) != std::string::npos);
  const BatchRun with = run_batch(dir.path(), "with", {"--withdrawn", (dir / "withdrawn.txt").string()});
  const BatchRun without = run_batch(dir.path(), "without", {});
  CHECK_FALSE(with.by_key.at(key_of(3)).consent_marketing);
  CHECK(with.by_key.at(key_of(4)).consent_marketing);
  CHECK(without.by_key.at(key_of(3)).consent_marketing);

  // A snapshot that says consent true (built before HQ listed the member)
  // replaces every profile, and still the member gets no coupon.
  REQUIRE(publish_snapshot(dir.path(), broker.uri(), without, signing_key, rig));
  CHECK(rig.store.profiles().find(key_of(3))->consent_marketing);
  CHECK(reason_of_scan(rig, 3) == "consent.withdrawn");

  agent.stop();
  ingest->signal(SIGTERM);
  CHECK(ingest->wait(10s) == 0);
}
