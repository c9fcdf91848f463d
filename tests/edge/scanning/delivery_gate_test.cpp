// The camera source's hand-over to the io_context (DeliveryGate): bounded,
// nothing delivered after a stop, and — the review finding — nothing decoded
// before a stop delivered after the camera is started again.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../edge/src/scanning/delivery_gate.h"

using smartstore::edge::scanning::DeliveryGate;

TEST_CASE("camera deliveries: at most `limit` wait; the rest are dropped, not queued") {
  boost::asio::io_context io;
  DeliveryGate gate(4);
  gate.open();
  int delivered = 0;
  int posted = 0;
  for (int i = 0; i < 6; ++i) posted += gate.post(io, [&] { ++delivered; }) ? 1 : 0;
  CHECK(posted == 4);
  CHECK(gate.pending() == 4);
  io.run();
  CHECK(delivered == 4);
  CHECK(gate.pending() == 0);
  CHECK(gate.post(io, [&] { ++delivered; }));  // room again once they ran
}

TEST_CASE("camera deliveries: one posted before a stop is not delivered, not even after a restart") {
  boost::asio::io_context io;
  DeliveryGate gate(4);
  std::vector<std::string> seen;
  gate.open();
  REQUIRE(gate.post(io, [&] { seen.push_back("before stop"); }));
  gate.close();  // CameraSource::stop()
  gate.open();   // CameraSource::start() again, before the io_context ran the old handler
  REQUIRE(gate.post(io, [&] { seen.push_back("after restart"); }));
  io.run();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == "after restart");
  CHECK(gate.pending() == 0);
}
