#include "new_members.h"

#include <array>
#include <fstream>
#include <string>

#include "demo_customer.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/generator.h"

namespace smartstore::models::gen {

Status append_new_members(const std::filesystem::path& out_dir, std::int64_t first_index, std::int64_t count,
                          std::uint64_t seed, std::span<const int> zone_stores, int store_count) {
  static constexpr std::array<const char*, 3> kReasons{"quality", "price", "gift"};
  static constexpr std::array<const char*, 3> kChannels{"offline", "online", "app"};
  std::ofstream customers(out_dir / "customers.csv", std::ios::app),
      members(out_dir / "members.csv", std::ios::app);
  std::string survey = "cust,favourite_category,reason,preferred_channel\n";
  for (std::int64_t i = first_index; i < first_index + count; ++i) {
    std::uint64_t s = seed ^ (0x4e3e3bULL + static_cast<std::uint64_t>(i) * 0xd1b54a32d192ed03ULL);
    Rng rng(splitmix64(s));
    const DemoCustomer who = draw_customer(rng, zone_stores, store_count);
    const std::string cust = demo_customer_id(i);
    customers << cust << ',' << (who.female ? "여성" : "남성") << ',' << who.age_band << "대,"
              << demo_zones()[static_cast<std::size_t>(who.zone)] << '\n';
    members << demo_card_number(i) << ',' << cust << '\n';
    if (!rng.chance(0.7)) continue;  // not everyone answers
    survey += cust + "," + std::string(demo_categories()[static_cast<std::size_t>(who.favourites[0])].name) +
              "," + kReasons[rng.below(kReasons.size())] + "," + kChannels[rng.below(kChannels.size())] +
              "\n";
  }
  customers.close();
  members.close();
  if (!customers || !members)
    return fail(ErrorKind::storage_io, "cannot append the new members in " + out_dir.string(), "models");
  return write_private_file(out_dir / "survey.csv", survey);
}

}  // namespace smartstore::models::gen
