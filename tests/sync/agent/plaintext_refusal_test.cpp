// ctest-labels: integration security
// A kiosk configured with a plaintext broker URI would send member keys and
// take coupon keys in clear, with its certificate silently unused: the agent
// refuses unless plaintext is allowed explicitly (development).
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("plaintext tcp:// is refused unless allowed explicitly") {
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto o = rig.options();
  o.allow_plaintext = false;
  o.broker.ca_file = rig.tmp / "ca.crt";  // certificates set, but a tcp:// URI would ignore them
  o.broker.cert_file = rig.tmp / "S001.crt";
  o.broker.key_file = rig.tmp / "S001.key";
  auto checked = sync::check_agent_options(o);
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().kind() == ErrorKind::invalid_input);
  CHECK(checked.error().message().find("broker.uri: 'tcp://' is plaintext") != std::string::npos);

  auto& agent = rig.start_agent(o);
  std::this_thread::sleep_for(1500ms);
  CHECK_FALSE(agent.stats().connected);
  CHECK(agent.stats().last_rejection.find("plaintext") != std::string::npos);
  CHECK(rig.broker.log().find("S001-K1") == std::string::npos);  // never even reached the broker
  rig.agent->stop();

  o.allow_plaintext = true;
  CHECK(sync::check_agent_options(o).has_value());
  auto& allowed = rig.start_agent(o);
  CHECK(wait_until([&] { return allowed.stats().connected; }, 10s));
}

TEST_CASE("ssl:// needs the CA, the certificate and its key") {
  sync::AgentOptions o;
  o.broker.uri = "ssl://mqtt.hq.example:8883";
  o.broker.ca_file = "/etc/smartstore/tls/ca.crt";
  auto checked = sync::check_agent_options(o);
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().message().find("broker.ca_file/cert_file/key_file") != std::string::npos);
  o.broker.cert_file = "/etc/smartstore/tls/store.crt";
  o.broker.key_file = "/etc/smartstore/tls/store.key";
  CHECK(sync::check_agent_options(o).has_value());
}
