// Member keys: HMAC-SHA256 test vectors of RFC 4231, and the reusable keyer
// the batch uses gives exactly the one-shot keys.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"

using namespace smartstore::models;

namespace {
std::vector<unsigned char> bytes(std::string_view s) { return {s.begin(), s.end()}; }

struct Vector {
  std::vector<unsigned char> key;
  std::string data, mac;
};

std::vector<Vector> rfc4231() {
  return {
      {std::vector<unsigned char>(20, 0x0b), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {bytes("Jefe"), "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      // A key longer than SHA-256's block is hashed first.
      {std::vector<unsigned char>(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
}
}  // namespace

TEST_CASE("member_key and MemberKeyer give the RFC 4231 HMAC-SHA256 values") {
  for (const Vector& v : rfc4231()) {
    CHECK(member_key(v.key, v.data) == v.mac);
    MemberKeyer keyer(v.key);
    CHECK(keyer.key(v.data) == v.mac);
    CHECK(keyer.key(v.data) == v.mac);  // the kept pads are not consumed by a use
  }
  // An empty deployment key is still HMAC (Python: hmac.new(b'', ...)).
  const std::string empty_key_mac = "f149e6baeabddd7ce28e72f323e711272faee24c1447393d28c0e505068347d5";
  CHECK(member_key({}, "8710123456789012") == empty_key_mac);
  CHECK(MemberKeyer({}).key("8710123456789012") == empty_key_mac);
}

TEST_CASE("MemberKeyer: the one-shot keys for many card numbers, copies on other threads") {
  std::vector<unsigned char> deployment(32);
  for (std::size_t i = 0; i < deployment.size(); ++i) deployment[i] = static_cast<unsigned char>(i * 7 + 1);
  MemberKeyer keyer(deployment);
  std::vector<std::string> numbers;
  for (std::int64_t i = 0; i < 2000; ++i) numbers.push_back(demo_card_number(i));
  numbers.push_back("");
  for (const auto& n : numbers) REQUIRE(keyer.key(n) == member_key(deployment, n));
  // Another key gives other keys.
  MemberKeyer other(std::vector<unsigned char>(32, 1));
  CHECK(other.key(numbers[0]) != keyer.key(numbers[0]));

  std::vector<std::string> a(numbers.size()), b(numbers.size());
  std::thread t1([&, own = keyer]() mutable {
    for (std::size_t i = 0; i < numbers.size(); i += 2) a[i] = own.key(numbers[i]);
  });
  std::thread t2([&, own = keyer]() mutable {
    for (std::size_t i = 1; i < numbers.size(); i += 2) a[i] = own.key(numbers[i]);
  });
  t1.join();
  t2.join();
  for (std::size_t i = 0; i < numbers.size(); ++i) b[i] = member_key(deployment, numbers[i]);
  CHECK(a == b);
  MemberKeyer moved(std::move(other));
  CHECK(moved.key(numbers[1]) == member_key(std::vector<unsigned char>(32, 1), numbers[1]));
}
