#include "smartstore/common/holdout.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

namespace smartstore {
namespace {

constexpr std::size_t kMembers = 100000;

std::vector<unsigned char> chain_key(unsigned char fill) {
  return std::vector<unsigned char>(32, fill);
}

// Member keys shaped as the kiosk's: 64 lower-case hex characters.
std::string member(std::size_t i) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string key(64, '0');
  std::uint64_t v = (i + 1) * 0x9e3779b97f4a7c15ULL;
  for (std::size_t p = 0; p < key.size(); ++p) {
    key[p] = hex[(v >> ((p % 16) * 4)) & 0xF];
    if (p % 16 == 15) v = v * 6364136223846793005ULL + 1442695040888963407ULL;
  }
  return key;
}

std::vector<bool> control_of(std::span<const unsigned char> key, std::string_view campaign,
                             std::uint32_t bp) {
  auto assigner = HoldoutAssigner::create(key);
  REQUIRE(assigner);
  std::vector<bool> control(kMembers);
  for (std::size_t i = 0; i < kMembers; ++i) {
    auto g = assigner->group(member(i), campaign, bp);
    REQUIRE(g);
    control[i] = *g == HoldoutGroup::control;
  }
  return control;
}

double share(const std::vector<bool>& control) {
  std::size_t n = 0;
  for (bool c : control) n += c ? 1 : 0;
  return static_cast<double>(n) / static_cast<double>(control.size());
}

TEST_CASE("holdout_split_within_1_5_points_of_the_configured_share") {
  const auto key = chain_key(0x11);
  for (std::uint32_t bp : {500u, 1000u, 2500u, 5000u}) {
    const double s = share(control_of(key, "C-star-thank-you", bp));
    INFO("configured " << bp << " bp, measured " << s);
    CHECK(std::abs(s - bp / 10000.0) < 0.015);
  }
  CHECK(share(control_of(key, "C-none", 0)) == 0.0);
  CHECK(share(control_of(key, "C-all", 10000)) == 1.0);
}

TEST_CASE("holdout_same_member_same_group_on_two_kiosks_and_hq") {
  const auto key = chain_key(0x22);
  // Three independent computations: two kiosks with their own assigners and
  // HQ with the one-shot function, as each would hold the key.
  auto kiosk_a = HoldoutAssigner::create(key);
  auto kiosk_b = HoldoutAssigner::create(std::vector<unsigned char>(key));
  REQUIRE(kiosk_a);
  REQUIRE(kiosk_b);
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < 5000; ++i) {
    const std::string m = member(i);
    const auto a = kiosk_a->group(m, "C-weekend", 1000);
    const auto b = kiosk_b->group(m, "C-weekend", 1000);
    const auto hq = holdout_group(key, m, "C-weekend", 1000);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(hq);
    if (*a != *b || *a != *hq) ++disagreements;
  }
  CHECK(disagreements == 0);
  // A copied assigner (one per thread) agrees too.
  HoldoutAssigner copy = *kiosk_a;
  CHECK(copy.bucket(member(7), "C-weekend") == kiosk_a->bucket(member(7), "C-weekend"));
}

TEST_CASE("holdout_campaigns_split_independently") {
  const auto key = chain_key(0x33);
  const auto a = control_of(key, "C-1", 1000);
  const auto b = control_of(key, "C-2", 1000);
  // Independent 10 % splits share 1 % of the members as control in both;
  // the same split would share 10 %. Over 100,000 members the overlap's
  // standard deviation is about 0.03 points.
  std::size_t both = 0;
  for (std::size_t i = 0; i < kMembers; ++i) both += (a[i] && b[i]) ? 1 : 0;
  const double overlap = static_cast<double>(both) / kMembers;
  INFO("control in both campaigns: " << overlap);
  CHECK(std::abs(overlap - 0.01) < 0.0015);
  // The campaign id's boundary matters: ("ab","c") is not ("a","bc").
  auto assigner = HoldoutAssigner::create(key);
  REQUIRE(assigner);
  std::size_t same = 0;
  for (std::size_t i = 0; i < 1000; ++i)
    same += assigner->bucket("c" + member(i), "ab") == assigner->bucket(member(i), "abc") ? 1 : 0;
  CHECK(same < 5);
}

TEST_CASE("holdout_a_different_key_changes_the_split") {
  const auto a = control_of(chain_key(0x44), "C-1", 1000);
  const auto b = control_of(chain_key(0x45), "C-1", 1000);
  std::size_t both = 0, differ = 0;
  for (std::size_t i = 0; i < kMembers; ++i) {
    both += (a[i] && b[i]) ? 1 : 0;
    differ += a[i] != b[i] ? 1 : 0;
  }
  CHECK(std::abs(static_cast<double>(both) / kMembers - 0.01) < 0.0015);
  CHECK(differ > kMembers / 10);
}

TEST_CASE("holdout_refuses_a_short_key_and_a_share_over_the_whole") {
  const std::vector<unsigned char> short_key(15, 1);
  const auto refused = HoldoutAssigner::create(short_key);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind() == ErrorKind::invalid_input);
  const auto over = holdout_group(chain_key(1), member(0), "C-1", 10001);
  REQUIRE_FALSE(over);
  CHECK(over.error().kind() == ErrorKind::invalid_input);
  CHECK(holdout_group_name(HoldoutGroup::control) == "control");
  CHECK(holdout_group_name(HoldoutGroup::treated) == "treated");
}

}  // namespace
}  // namespace smartstore
